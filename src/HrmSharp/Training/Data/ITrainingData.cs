using HrmSharp.Encoding;

namespace HrmSharp.Training.Data;

/// <summary>
/// A source of training batches with random access by step: <see cref="Fill"/> for a step always writes the same
/// examples (same order, same augmentations), so resuming at step s needs nothing but s. Puzzle-ID datasets come
/// through <see cref="PuzzleIdTrainingData"/>; in-context sequences can implement this directly.
/// </summary>
public interface ITrainingData
{
    /// <summary>One line for logs: what the examples are and how many.</summary>
    string Description { get; }

    /// <summary>Tokens per example (without puzzle-embedding positions).</summary>
    int SeqLen { get; }

    int VocabSize { get; }

    /// <summary>The puzzle identifiers in use (<see cref="PuzzleIdTable.BlankOnly"/> when there are none); saved with checkpoints.</summary>
    PuzzleIdTable PuzzleIds { get; }

    /// <summary>Rows of the puzzle-embedding table (identifier 0 = blank included).</summary>
    int NumPuzzleIdentifiers => PuzzleIds.Count;

    /// <summary>Examples per epoch.</summary>
    long ExamplesPerEpoch { get; }

    /// <summary>Writes the batch of optimiser step <paramref name="step"/> (0-based) into <paramref name="batch"/>.</summary>
    void Fill(long step, TrainingBatch batch);
}
