namespace HrmSharp.Encoding.Context;

/// <summary>The size of the answer canvas in the packed layout.</summary>
public enum CanvasRule
{
    /// <summary>
    /// max(query-input dims, every demo-output dims): holds 97.4–98.2% of ARC test outputs and adds only
    /// ~5% to a sequence, because outputs are mostly the input's size or constant across demos.
    /// </summary>
    Max,

    /// <summary>Always 30×30 (every possible answer fits; ~1.5–2× the tokens of <see cref="Max"/> on ARC).</summary>
    Full,
    /// <summary>
    /// Exactly the known answer's size (for diagnosis: the model is told the size, as some in-context baselines are, so
    /// colour accuracy can be measured apart from size prediction); <see cref="Max"/> when the answer is unknown.
    /// </summary>
    Given,
}
