using HrmSharp.Augmentation;

namespace HrmSharp.Encoding;

/// <summary>
/// A <see cref="TrainingExample"/> of an ARC dataset spelled out: which pair of which task (a demo, or a training task's
/// test pair), under which augmentation and identifier, placed where.
/// </summary>
public readonly record struct ArcTrainingExample(
    string TaskId, bool IsTestPair, int PairIndex, TaskAugmentation Augmentation, int PuzzleId, Translation Translation);
