using HrmSharp.Augmentation;

namespace HrmSharp.Encoding;

/// <summary>What one puzzle identifier stands for: a task under one augmentation.</summary>
public readonly record struct PuzzleIdEntry(string TaskId, TaskAugmentation Augmentation);
