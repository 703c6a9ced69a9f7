using HrmSharp.Encoding;
using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Training.Data;

/// <summary>
/// Training batches with random access: batch i is a pure function of i (same examples, order and augmentations), so
/// resuming at step s needs nothing but s. Every mode implements it: puzzle-identifier datasets through
/// <see cref="PuzzleIdTrainingData"/>, in-context tasks through Context.ContextTrainingSource.
/// </summary>
public interface ITrainingData
{
    /// <summary>One line for logs: what the examples are and how many.</summary>
    string Description { get; }

    /// <summary>Tokens per example (without puzzle-embedding positions); in context, the longest sequence the model takes.</summary>
    int SeqLen { get; }

    int VocabSize { get; }

    /// <summary>The puzzle identifiers in use (<see cref="PuzzleIdTable.BlankOnly"/> when there are none); saved with checkpoints.</summary>
    PuzzleIdTable PuzzleIds { get; }

    /// <summary>Rows of the puzzle-embedding table (identifier 0 = blank included).</summary>
    int NumPuzzleIdentifiers => PuzzleIds.Count;

    /// <summary>Examples per epoch.</summary>
    long ExamplesPerEpoch { get; }

    /// <summary>
    /// false: every batch has one shape and each optimiser step has its own batch; the ACT carry lives on across steps and
    /// a row that halts takes the next batch's row (the reference's scheme). true: batches vary in shape (in context), so
    /// batch e is an episode: halt_max_steps consecutive steps (one ACT segment each) from a fresh carry, and rows that
    /// halt early start over on the same example.
    /// </summary>
    bool Episodic { get; }

    /// <summary>
    /// Batch <paramref name="index"/> (0-based: the optimiser step, or the episode when <see cref="Episodic"/>) as tensors on
    /// <paramref name="device"/>; <paramref name="rows"/> is the configured batch size, which episodic data ignores (its
    /// batches are cut by a token budget).
    /// </summary>
    ActBatch Batch(long index, int rows, Device device);
}
