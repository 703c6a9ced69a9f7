namespace HrmSharp.Encoding;

/// <summary>
/// Evaluation examples in order, cut into batches; the last batch is padded as the reference pads it (PAD inputs,
/// ignored labels, blank identifier) and reports how many rows are real.
/// </summary>
public static class EvaluationBatcher
{
    public static int BatchCount(IPuzzleIdDataset dataset, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return (dataset.EvaluationCount + batchSize - 1) / batchSize;
    }

    public static PuzzleIdBatch Batch(IPuzzleIdDataset dataset, int batchSize, int index)
    {
        int count = BatchCount(dataset, batchSize);
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), index, $"there are {count} evaluation batches");
        int first = index * batchSize, valid = Math.Min(batchSize, dataset.EvaluationCount - first), s = dataset.Scheme.SeqLen;
        var batch = PuzzleIdBatch.Allocate(batchSize, s, valid, first);
        for (int i = 0; i < valid; i++)
        {
            dataset.EncodeEvaluation(first + i, batch.Inputs.AsSpan(i * s, s), batch.Labels.AsSpan(i * s, s));
            batch.PuzzleIdentifiers[i] = dataset.EvaluationPuzzleId(first + i);
        }
        batch.Labels.AsSpan(valid * s).Fill(TokenScheme.IgnoreLabel);
        // Inputs are already PAD (0) and identifiers blank (0) in the fresh arrays.
        return batch;
    }
}
