using HrmSharp.Augmentation;

namespace HrmSharp.Encoding;

/// <summary>
/// One evaluation example: test input <paramref name="TestIndex"/> of task <paramref name="TaskId"/>, shown in the frame
/// of <paramref name="Augmentation"/> under identifier <paramref name="PuzzleId"/>. A prediction for it is mapped back to
/// the task's own frame with <c>Augmentation.Invert</c>. <paramref name="TaskIndex"/> indexes the dataset's task list.
/// </summary>
public readonly record struct ArcEvaluationExample(int TaskIndex, string TaskId, int TestIndex, TaskAugmentation Augmentation, int PuzzleId);
