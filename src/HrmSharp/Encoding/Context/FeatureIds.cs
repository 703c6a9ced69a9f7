namespace HrmSharp.Encoding.Context;

/// <summary>One integer feature per token of a batch (flat [B·L], row-major) and the size of its id range 0..Count−1.</summary>
public sealed record FeatureIds(string Name, int[] Ids, int Count);
