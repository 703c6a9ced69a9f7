using HrmSharp.Encoding.Context;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Modeling.Oracle;

/// <summary>Test oracle: rotary tables for a whole batch, per token, in the shape the model's attention takes.</summary>
public static class ContextRotary
{
    /// <summary>
    /// cos/sin fp32 [B, L, headDim] for <see cref="PositionScheme.Rope2D"/> (by row and column) or
    /// <see cref="PositionScheme.Rope1D"/> (by index within each sequence, so a packed sequence sees the same positions
    /// as alone); (null, null) for <see cref="PositionScheme.Learned"/>, whose ids are <see cref="ContextBatch.SequencePosition"/>.
    /// </summary>
    public static (Tensor? Cos, Tensor? Sin) Tables(ContextBatch batch, PositionScheme scheme, int headDim, double theta = Rope1D.DefaultTheta)
    {
        var (cos, sin) = scheme switch
        {
            PositionScheme.Rope2D => Rope2D.Tables(batch.Row, batch.Col, headDim, theta),
            PositionScheme.Rope1D => Rope1D.Tables(batch.SequencePosition, headDim, theta),
            PositionScheme.Learned => ((Tensor?)null, (Tensor?)null),
            _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, null),
        };
        if (cos is null || sin is null) return (null, null);
        // [B·L, D] -> [B, L, D]; the views keep the storage alive after the flat handles are disposed.
        using (cos)
        using (sin)
            return (cos.view(batch.Rows, batch.Length, headDim), sin.view(batch.Rows, batch.Length, headDim));
    }
}
