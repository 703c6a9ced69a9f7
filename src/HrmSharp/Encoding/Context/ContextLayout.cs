namespace HrmSharp.Encoding.Context;

/// <summary>How grids become tokens (<c>--layout</c>).</summary>
public enum ContextLayout
{
    /// <summary>Every grid at its real size, row-major, one after the other.</summary>
    Packed,

    /// <summary>
    /// Every grid top-left on its own 30×30 canvas (PAD outside it) and a 30×30 answer canvas: HRM's per-grid layout,
    /// kept so the same model can be timed on both (4.28× the packed tokens on ARC-1 evaluation).
    /// </summary>
    Padded,
}
