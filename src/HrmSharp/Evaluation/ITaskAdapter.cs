using HrmSharp.Data;
using HrmSharp.Modeling;

namespace HrmSharp.Evaluation;

/// <summary>
/// Fits a model to one task before it is answered (test-time training on the task's own demos). Evaluation asks for
/// an adapted copy per task and disposes it after; how the copy is trained is the trainer's business.
/// </summary>
public interface ITaskAdapter
{
    /// <summary>A copy of <paramref name="model"/> fitted to <paramref name="task"/> (or the model itself when the task cannot be adapted).</summary>
    AdaptedModel Adapt(ActModel model, ArcTask task);
}
