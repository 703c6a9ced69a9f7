using static TorchSharp.torch;

namespace HrmSharp.Modeling;

/// <summary>
/// The adaptive-computation-time outer loop, the same for every core. Each call runs ONE segment for every row:
/// halted rows are first reset (fresh states, step 0, the new batch's example), then the inner model runs, then the
/// halting rule decides which rows stop: always at halt_max_steps; in training also when Q says halt
/// (q_halt &gt; q_continue, or q_halt &gt; 0 with no_ACT_continue), unless a random exploration floor of 2..max steps applies.
/// Evaluation always runs every row to halt_max_steps, so a batch finishes together.
/// </summary>
public sealed class ActModel : nn.Module<ActCarry, ActBatch, ActStep>
{
    private readonly ReasoningModel inner; // reference name
    private readonly Generator _explorationRng;

    /// <param name="config">Architecture; validated here.</param>
    /// <param name="seed">Seeds the weight init and (separately) the exploration draws.</param>
    public ActModel(ModelConfig config, ulong seed = 0) : base(nameof(ActModel))
    {
        using (var initRng = new Generator(seed))
            inner = new ReasoningModel(config, initRng);
        _explorationRng = new Generator(seed ^ 0x5EED_AC7UL);
        RegisterComponents();
    }

    public ModelConfig Config => inner.Config;
    public ReasoningModel Inner => inner;

    /// <summary>The exploration draws' generator: save/restore its state (get_state/set_state) to resume a run exactly.</summary>
    public Generator ExplorationRng => _explorationRng;

    /// <summary>The sparse puzzle embedding (null when puzzle_emb_ndim = 0).</summary>
    public PuzzleEmbedding? PuzzleEmbedding => inner.PuzzleEmb;

    /// <summary>A carry with every row halted, so the first segment takes every row from the batch.</summary>
    public ActCarry InitialCarry(ActBatch batch)
    {
        long b = batch.BatchSize;
        var state = inner.EmptyState(b, batch.Inputs.shape[1]);
        return new ActCarry(state.ZH, state.ZL, zeros(b, ScalarType.Int32), ones(b, ScalarType.Bool), batch.ZerosLike());
    }

    /// <summary>
    /// One segment. The returned carry is new (the caller disposes the old one when done with it); its states are detached,
    /// so gradients never cross segments. Outputs carry the graph of this segment's gradient step.
    /// </summary>
    public override ActStep forward(ActCarry carry, ActBatch batch)
    {
        using var minSteps = DrawMinSteps(batch.BatchSize);
        return Segment(carry, batch, minSteps);
    }

    /// <summary>
    /// The exploration floor of one training segment, [B] int32: with probability halt_exploration_prob a row must run
    /// at least a random 2..max steps before Q may stop it, otherwise 0. Null when Q halting is not trained (evaluation,
    /// ACT off, one step). Drawn for the whole batch at once, so a batch split into row slices draws what it would whole.
    /// </summary>
    public Tensor? DrawMinSteps(long rows)
    {
        if (!QHaltingTrained) return null;
        using var scope = NewDisposeScope();
        var explore = rand([rows], generator: _explorationRng) < Config.HaltExplorationProb;
        var minSteps = randint(2, Config.HaltMaxSteps + 1, [rows], ScalarType.Int32, generator: _explorationRng) * explore.to(ScalarType.Int32);
        return minSteps.MoveToOuterDisposeScope();
    }

    private bool QHaltingTrained => training && Config.HaltMaxSteps > 1 && Config.ActHalting;

    /// <summary>One segment with a given exploration floor (from <see cref="DrawMinSteps"/>, or its rows for a slice of the batch).</summary>
    public ActStep Segment(ActCarry carry, ActBatch batch, Tensor? minSteps)
    {
        if (batch.BatchSize != carry.Halted.shape[0])
            throw new ArgumentException($"batch of {batch.BatchSize} rows for a carry of {carry.Halted.shape[0]}: the carry keeps one slot per row");
        if (QHaltingTrained && minSteps is null)
            throw new ArgumentException("a training segment with Q halting needs its exploration floor (DrawMinSteps)");
        using var scope = NewDisposeScope();
        var state = inner.ResetRows(carry.Halted, carry.State);
        var steps = where(carry.Halted, zeros_like(carry.Steps), carry.Steps);
        var data = carry.CurrentData.ReplaceRows(carry.Halted, batch);

        var result = inner.call(state, data);
        Tensor halted;
        Tensor? targetQContinue = null;
        using (no_grad())
        {
            steps = steps + 1;
            var isLastStep = steps >= Config.HaltMaxSteps;
            halted = isLastStep;
            if (QHaltingTrained)
            {
                var wantsHalt = Config.NoActContinue
                    ? result.QHaltLogits > 0
                    : result.QHaltLogits > result.QContinueLogits;
                halted = halted.logical_or(wantsHalt).logical_and(steps >= minSteps!);

                if (!Config.NoActContinue)
                {
                    // Bootstrapped Q target (no replay buffer or target network: the batch is many parallel episodes):
                    // sigmoid of the next segment's max(q_halt, q_continue), or just q_halt when this was the last step.
                    var next = inner.call(result.State, data);
                    targetQContinue = sigmoid(where(isLastStep, next.QHaltLogits, maximum(next.QHaltLogits, next.QContinueLogits)));
                }
            }
            steps = steps.to(ScalarType.Int32);
        }

        var newCarry = new ActCarry(result.State.ZH, result.State.ZL, steps, halted, data);
        var outputs = new ActOutputs(result.Logits, result.QHaltLogits, result.QContinueLogits, targetQContinue);
        scope.MoveToOuter(newCarry.Tensors());
        scope.MoveToOuter(outputs.Tensors());
        return new ActStep(newCarry, outputs);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _explorationRng.Dispose();
        base.Dispose(disposing);
    }
}
