using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Training.Optimizers;

/// <summary>
/// Adam-atan2 as published in imbue-ai's <c>adam_atan2</c> package (the optimiser HRM and TRM train with).
/// Per parameter with a gradient, at step t (1 for the first):
/// <code>
///   p  ← p·(1 − lr·wd)                                   decoupled weight decay, applied first
///   m  ← β1·m + (1 − β1)·g
///   v  ← β2·v + (1 − β2)·g²
///   p  ← p − (lr / (1 − β1^t)) · atan2(m, √v / √(1 − β2^t))
/// </code>
/// There is no ε: atan2 is bounded and finite at (0, 0). Unlike the Adam-atan2 paper (and lucidrains' port) the
/// package uses no a/b scale constants (a = b = 1) and applies the first-moment bias correction outside the atan2.
/// Parameters whose gradient is null are skipped entirely (no decay, no step count), and <see cref="zero_grad"/>
/// sets gradients to null, both as PyTorch 2 does, so a parameter unused in a step is left exactly as it was.
/// State (step, m, v per parameter; lr, betas, weight decay per group) saves and loads through TorchSharp's
/// <see cref="OptimizerHelper.save_state_dict(System.IO.BinaryWriter)"/> / <c>load_state_dict</c>.
/// </summary>
public sealed class AdamATan2 : OptimizerHelper, optim.IBetas
{
    /// <summary>One group over all <paramref name="parameters"/>. Defaults are the package's.</summary>
    public AdamATan2(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double weightDecay = 1e-2)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, weightDecay)
    {
    }

    /// <summary>Several groups; options a group leaves unset take these defaults.</summary>
    public AdamATan2(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double weightDecay = 1e-2)
    {
        Validate(lr, beta1, beta2, weightDecay);
        _defaults = new Options { LearningRate = lr, InitialLearningRate = lr, beta1 = beta1, beta2 = beta2, weight_decay = weightDecay };
        _parameter_groups = [];
        foreach (var group in groups)
            add_param_group(group);
    }

    public override void add_param_group(TorchSharp.Modules.ParamGroup param_group)
    {
        var defaults = (Options)_defaults;
        param_group.Options ??= new Options();
        var options = (Options)param_group.Options;
        options.LearningRate ??= defaults.LearningRate;
        options.beta1 ??= defaults.beta1;
        options.beta2 ??= defaults.beta2;
        options.weight_decay ??= defaults.weight_decay;
        options.InitialLearningRate = options.LearningRate!.Value;
        Validate(options.LearningRate.Value, options.beta1!.Value, options.beta2!.Value, options.weight_decay!.Value);

        _parameter_groups.Add(param_group);
        foreach (var p in param_group.Parameters)
        {
            var state = new State(p);
            state.Initialize(options);
            _state[p.Handle] = state;
        }
    }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var o = group.Options;
        double lr = o.LearningRate!.Value, beta1 = o.beta1!.Value, beta2 = o.beta2!.Value, wd = o.weight_decay!.Value;
        foreach (var p in group.Parameters)
        {
            var grad = p.grad;
            if (grad is null)
                continue;
            var state = (State)_state[p.Handle];
            state.Step += 1;
            // Scalars in double, as the package's kernel computes them before casting to the parameter's type.
            double biasCorrection1 = 1 - Math.Pow(beta1, state.Step);
            double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, state.Step));

            p.mul_(1 - lr * wd);
            state.ExpAvg.mul_(beta1).add_(grad, alpha: 1 - beta1);
            state.ExpAvgSq.mul_(beta2).addcmul_(grad, grad, value: 1 - beta2);
            var denom = state.ExpAvgSq.sqrt().div_(biasCorrection2Sqrt);
            p.add_(state.ExpAvg.atan2(denom), alpha: -lr / biasCorrection1);
        }
    }, closure)!;

    /// <summary>Sets every gradient to null (PyTorch's set_to_none), so parameters without a gradient next step are skipped.</summary>
    public override void zero_grad()
    {
        foreach (var p in parameters())
            p.grad = null;
    }

    /// <summary>The per-parameter state, in the order of the groups and their parameters.</summary>
    public IReadOnlyList<State> States => [.. _parameter_groups.SelectMany(g => g.Parameters).Select(p => (State)_state[p.Handle])];

    public (double, double) Betas
    {
        get => (((Options)_defaults).beta1!.Value, ((Options)_defaults).beta2!.Value);
        set => (((Options)_defaults).beta1, ((Options)_defaults).beta2) = value;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            foreach (var (_, state) in _state)
                ((State)state).Dispose();
    }

    private static void Validate(double lr, double beta1, double beta2, double weightDecay)
    {
        if (!(lr >= 0)) throw new ArgumentException($"Invalid learning rate: {lr}");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentException($"Invalid beta1: {beta1}");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentException($"Invalid beta2: {beta2}");
        if (!(weightDecay >= 0)) throw new ArgumentException($"Invalid weight decay: {weightDecay}");
    }

    /// <summary>Per-group hyper-parameters (field names follow TorchSharp's built-in optimisers).</summary>
    public sealed class Options : OptimizerOptions
    {
        public double? beta1;
        public double? beta2;
        public double? weight_decay;

        public override void LoadStateDict(OptimizerOptions source)
        {
            base.LoadStateDict(source);
            var o = (Options)source;
            (beta1, beta2, weight_decay) = (o.beta1, o.beta2, o.weight_decay);
        }

        public override void LoadStateDict(BinaryReader reader)
        {
            base.LoadStateDict(reader);
            beta1 = reader.ReadDouble();
            beta2 = reader.ReadDouble();
            weight_decay = reader.ReadDouble();
        }

        public override void SaveStateDict(BinaryWriter writer)
        {
            base.SaveStateDict(writer);
            writer.Write(beta1!.Value);
            writer.Write(beta2!.Value);
            writer.Write(weight_decay!.Value);
        }
    }

    /// <summary>A parameter group with its own learning rate (and optionally betas and weight decay).</summary>
    public sealed class ParamGroup : ParamGroup<Options>, optim.IBetas
    {
        public ParamGroup() { }

        public ParamGroup(IEnumerable<Parameter> parameters, Options? options = null) : base(parameters, options!) { }

        public ParamGroup(IEnumerable<Parameter> parameters, double lr, double? beta1 = null, double? beta2 = null, double? weightDecay = null)
            : base(parameters, new Options { LearningRate = lr, beta1 = beta1, beta2 = beta2, weight_decay = weightDecay })
        {
        }

        public (double, double) Betas
        {
            get => (Options.beta1!.Value, Options.beta2!.Value);
            set => (Options.beta1, Options.beta2) = value;
        }
    }

    /// <summary>Step count and moment estimates of one parameter, on its device and in its dtype.</summary>
    public sealed class State(Parameter parameter) : OptimizerState(parameter), IDisposable
    {
        /// <summary>Updates applied to this parameter so far (the t of the bias corrections).</summary>
        public long Step { get; set; }

        /// <summary>First moment m.</summary>
        public Tensor ExpAvg { get; private set; } = null!;

        /// <summary>Second moment v.</summary>
        public Tensor ExpAvgSq { get; private set; } = null!;

        public override void Initialize(OptimizerOptions options)
        {
            ExpAvg?.Dispose();
            ExpAvgSq?.Dispose();
            Step = 0;
            // Detached: the optimiser may be built inside a caller's dispose scope but outlives it.
            ExpAvg = zeros_like(_parameter).DetachFromDisposeScope();
            ExpAvgSq = zeros_like(_parameter).DetachFromDisposeScope();
        }

        public override void SaveStateDict(BinaryWriter writer)
        {
            writer.Write(Step);
            ExpAvg.Save(writer);
            ExpAvgSq.Save(writer);
        }

        public override void LoadStateDict(BinaryReader reader)
        {
            Step = reader.ReadInt64();
            ExpAvg.Load(reader);
            ExpAvgSq.Load(reader);
        }

        public override void LoadStateDict(OptimizerState source)
        {
            var s = (State)source;
            Step = s.Step;
            using (no_grad())
            {
                ExpAvg.copy_(s.ExpAvg);
                ExpAvgSq.copy_(s.ExpAvgSq);
            }
        }

        public override bool ApproximatelyEquals(OptimizerState other) =>
            other is State s && s.Step == Step && s.ExpAvg.allclose(ExpAvg) && s.ExpAvgSq.allclose(ExpAvgSq);

        public override void to(Device device)
        {
            ExpAvg = ExpAvg.to(device, disposeAfter: true).DetachFromDisposeScope();
            ExpAvgSq = ExpAvgSq.to(device, disposeAfter: true).DetachFromDisposeScope();
        }

        public void Dispose()
        {
            ExpAvg?.Dispose();
            ExpAvgSq?.Dispose();
        }
    }
}
