namespace HrmSharp.Encoding.Context;

/// <summary>
/// What a batching costs against the sequences' own lengths: tokens (B·L summed over batches, over the sum of lengths)
/// and dense attention scores (B·L² over the sum of squared lengths, what one attention call per sequence would cost).
/// </summary>
public sealed record BatchCost(int Batches, int Sequences, long Tokens, long ProcessedTokens, long AttentionScores, long ProcessedAttentionScores)
{
    public double TokenRatio => Tokens == 0 ? 0 : (double)ProcessedTokens / Tokens;
    public double AttentionRatio => AttentionScores == 0 ? 0 : (double)ProcessedAttentionScores / AttentionScores;

    public static BatchCost Of(IReadOnlyList<BatchPlan> plans, IReadOnlyList<int> lengths)
    {
        long tokens = 0, scores = 0, processed = 0, processedScores = 0;
        int sequences = 0;
        foreach (var plan in plans)
        {
            processed += plan.Tokens;
            processedScores += plan.AttentionScores;
            foreach (var row in plan.Rows)
                foreach (int s in row)
                {
                    sequences++;
                    tokens += lengths[s];
                    scores += (long)lengths[s] * lengths[s];
                }
        }
        return new BatchCost(plans.Count, sequences, tokens, processed, scores, processedScores);
    }
}
