using HrmSharp.Data;

namespace HrmSharp.Encoding.Context;

/// <summary>
/// One sequence of a batch, decoded: the answer in the sequence's frame, the same in the original task's frame (for
/// voting across augmentations), and its score when the answer is known.
/// </summary>
public sealed record DecodedSegment(ContextSegment Segment, DecodedAnswer Answer, Grid? Original, AnswerScore? Score);
