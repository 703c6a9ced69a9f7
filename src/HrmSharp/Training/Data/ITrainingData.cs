namespace HrmSharp.Training.Data;

/// <summary>
/// A source of training batches with random access by step: <see cref="Fill"/> for a step always writes the same
/// examples (same order, same augmentations), so resuming at step s needs nothing but s.
/// </summary>
public interface ITrainingData
{
    /// <summary>One line for logs: what the examples are and how many.</summary>
    string Description { get; }

    /// <summary>Tokens per example (without puzzle-embedding positions).</summary>
    int SeqLen { get; }

    int VocabSize { get; }

    /// <summary>Rows of the puzzle-embedding table (identifier 0 = blank included).</summary>
    int NumPuzzleIdentifiers { get; }

    /// <summary>Distinct examples per epoch (before augmentation).</summary>
    long Count { get; }

    /// <summary>Writes the batch of optimiser step <paramref name="step"/> (0-based) into <paramref name="batch"/>.</summary>
    void Fill(long step, TrainingBatch batch);
}
