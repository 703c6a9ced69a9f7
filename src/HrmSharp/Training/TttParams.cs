namespace HrmSharp.Training;

/// <summary>
/// Which parameters test-time training updates (the rest stay frozen at the checkpoint's values). Our RMSNorms have no
/// weight, so there are no norm parameters to pick; the smaller subsets are the input side (embeddings) and the output
/// side (last blocks), each with the two heads.
/// </summary>
public enum TttParams
{
    /// <summary>Every parameter.</summary>
    All,

    /// <summary>Token, context (grid, role, absolute 2D) and learned position embeddings, plus lm_head and q_head.</summary>
    EmbeddingsHeads,

    /// <summary>The last block of each reasoning module (H_level, L_level) plus lm_head and q_head.</summary>
    Last,
}

/// <summary>The CLI / JSON names of <see cref="TttParams"/>.</summary>
public static class TttParamsNames
{
    public static IReadOnlyList<(string Name, TttParams Value)> All { get; } =
        [("all", TttParams.All), ("embeddings-heads", TttParams.EmbeddingsHeads), ("last", TttParams.Last)];

    public static string Name(this TttParams value) => All.First(p => p.Value == value).Name;

    public static TttParams Parse(string name) =>
        All.FirstOrDefault(p => p.Name == name) is { Name: not null } found
            ? found.Value
            : throw new HrmException($"--ttt-params: unknown subset '{name}' (expected one of: {string.Join(", ", All.Select(p => p.Name))})");
}
