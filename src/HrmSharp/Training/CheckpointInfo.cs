namespace HrmSharp.Training;

/// <summary>What trainer.json says about a checkpoint.</summary>
/// <param name="PuzzleIds">The identifier table the model was trained with, when the data has puzzle identifiers (ARC).</param>
public sealed record CheckpointInfo(string Folder, string Name, long Step, double ElapsedSeconds, TrainConfig Config, Encoding.PuzzleIdTable? PuzzleIds)
{
    /// <summary>The PyTorch file an imported checkpoint came from (weights only: it cannot be resumed), else null.</summary>
    public string? ImportedFrom { get; init; }
}
