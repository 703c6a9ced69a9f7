using HrmSharp.Modeling;

namespace HrmSharp.Evaluation;

/// <summary>
/// A task's own fine-tuned copy of the model and how it got there. Disposing it frees the copy (the base model is never
/// touched). When the task was not adapted (<see cref="TttResult.Skipped"/>), <see cref="Model"/> is the base model and
/// disposing leaves it alone.
/// </summary>
public sealed class AdaptedModel(ActModel model, TttResult result, bool owned) : IDisposable
{
    public ActModel Model { get; } = model;
    public TttResult Result { get; } = result;

    public void Dispose()
    {
        if (owned)
            Model.Dispose();
    }
}
