using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Training;

/// <summary>
/// Exponential moving average of a module's trainable parameters (TRM evaluates with it): a shadow copy, started at
/// the weights when constructed, and after each optimiser step <c>shadow ← decay·shadow + (1 − decay)·param</c>.
/// Buffers (the puzzle-embedding table among them) are not averaged; evaluation uses their live values, as TRM does.
/// Shadows live on their parameter's device in its dtype and are keyed by the parameter's state-dict name, which is
/// what a checkpoint stores.
/// </summary>
public sealed class Ema : IDisposable
{
    private readonly Dictionary<string, Tensor> _shadow = [];
    private readonly List<string> _names = [];

    public Ema(nn.Module module, double decay = 0.999)
    {
        if (!(decay is >= 0 and <= 1))
            throw new HrmException($"EMA decay must be in [0, 1], got {decay}");
        Decay = decay;
        using var noGrad = no_grad();
        foreach (var (name, p) in Trainable(module))
        {
            _shadow[name] = p.clone().DetachFromDisposeScope();
            _names.Add(name);
        }
    }

    public double Decay { get; }

    /// <summary>Parameter names covered, in the module's order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Folds the module's current weights into the average; call once after each optimiser step.</summary>
    public void Update(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in Covered(module))
            _shadow[name].mul_(Decay).add_(p, alpha: 1 - Decay);
    }

    /// <summary>Overwrites the module's parameters with the averaged weights (for export or a final evaluation).</summary>
    public void CopyTo(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in Covered(module))
            p.copy_(_shadow[name]);
    }

    /// <summary>
    /// Puts the averaged weights into the module until the returned scope is disposed, which restores the live
    /// weights bit for bit: <c>using (ema.Swap(model)) Evaluate(model);</c>
    /// </summary>
    public IDisposable Swap(nn.Module module)
    {
        var live = new List<(Parameter Param, Tensor Saved)>();
        using (no_grad())
        {
            foreach (var (name, p) in Covered(module))
            {
                live.Add((p, p.clone().DetachFromDisposeScope()));
                p.copy_(_shadow[name]);
            }
        }
        return new Restore(live);
    }

    /// <summary>The shadow tensors by parameter name (not copies: write them out, do not modify them).</summary>
    public IReadOnlyDictionary<string, Tensor> StateTensors() => _shadow;

    /// <summary>Restores shadows saved by <see cref="StateTensors"/>; names and shapes must match exactly.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        var problems = new List<string>();
        foreach (var name in _shadow.Keys.Where(n => !state.ContainsKey(n)))
            problems.Add($"EMA state is missing '{name}'");
        foreach (var name in state.Keys.Where(n => !_shadow.ContainsKey(n)))
            problems.Add($"EMA state has unexpected '{name}'");
        foreach (var (name, shadow) in _shadow)
            if (state.TryGetValue(name, out var t) && !t.shape.SequenceEqual(shadow.shape))
                problems.Add($"EMA state '{name}' has shape [{string.Join(", ", t.shape)}], expected [{string.Join(", ", shadow.shape)}]");
        if (problems.Count > 0)
            throw new HrmException(problems);

        using var noGrad = no_grad();
        foreach (var (name, shadow) in _shadow)
            shadow.copy_(state[name]);
    }

    public void Dispose()
    {
        foreach (var t in _shadow.Values)
            t.Dispose();
        _shadow.Clear();
    }

    private static IEnumerable<(string Name, Parameter Param)> Trainable(nn.Module module) =>
        module.named_parameters().Where(np => np.parameter.requires_grad);

    /// <summary>The module's trainable parameters, checked to be exactly the tracked ones before anything is touched.</summary>
    private List<(string Name, Parameter Param)> Covered(nn.Module module)
    {
        var covered = Trainable(module).ToList();
        var unknown = covered.Where(np => !_shadow.ContainsKey(np.Name)).Select(np => np.Name).ToList();
        if (unknown.Count > 0 || covered.Count != _shadow.Count)
            throw new InvalidOperationException(
                $"module does not match this EMA: {covered.Count} trainable parameters for {_shadow.Count} tracked" +
                (unknown.Count > 0 ? $", untracked: {string.Join(", ", unknown)}" : ""));
        return covered;
    }

    private sealed class Restore(List<(Parameter Param, Tensor Saved)> live) : IDisposable
    {
        public void Dispose()
        {
            using var noGrad = no_grad();
            foreach (var (p, saved) in live)
            {
                p.copy_(saved);
                saved.Dispose();
            }
            live.Clear();
        }
    }
}
