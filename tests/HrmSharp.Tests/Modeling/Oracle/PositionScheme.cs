using HrmSharp.Encoding.Context;

namespace HrmSharp.Tests.Modeling.Oracle;

/// <summary>Which table the test oracle <see cref="ContextRotary"/> builds (the model's own choice is <see cref="HrmSharp.Modeling.PosEncoding"/>).</summary>
public enum PositionScheme
{
    /// <summary>Rotary, half of the frequency pairs turned by the cell's row and half by its column (<see cref="Rope2D"/>).</summary>
    Rope2D,

    /// <summary>Rotary over the index within the sequence, HRM's scheme (<see cref="Rope1D"/>).</summary>
    Rope1D,

    /// <summary>A learned embedding of the index within the sequence (<see cref="ContextBatch.SequencePosition"/>); no rotary tables.</summary>
    Learned,
}
