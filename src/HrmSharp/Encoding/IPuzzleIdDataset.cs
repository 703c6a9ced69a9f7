using HrmSharp.Augmentation;

namespace HrmSharp.Encoding;

/// <summary>
/// What the HRM trainer reads, in the reference's shape. Training data is a list of groups, one per original puzzle;
/// each group has variants (its augmented versions, each with its own puzzle identifier) that all hold the same number
/// of examples. Each epoch the reference takes every group once, with one variant drawn at random, and all of that
/// variant's examples. Evaluation data is a fixed list of examples. Encoding happens on demand into caller buffers of
/// <see cref="TokenScheme.SeqLen"/> ints, so nothing is materialised per augmentation.
/// </summary>
public interface IPuzzleIdDataset
{
    TokenScheme Scheme { get; }

    /// <summary>The identifiers used, for the puzzle-embedding size and the checkpoint.</summary>
    PuzzleIdTable PuzzleIds { get; }

    int GroupCount { get; }
    int VariantCount(int group);

    // The defaults are the fixed-grid puzzles' (Sudoku, mazes): one example per group, the blank identifier, no
    // translation. ARC overrides all four.
    int ExampleCount(int group) => 1;
    int PuzzleId(int group, int variant) => PuzzleIdTable.Blank;

    /// <summary>Whether training examples get a random translation (ARC); when false the sampler never asks for one.</summary>
    bool Translates => false;

    /// <summary>A random placement for a training example (uniform over the offsets where it fits).</summary>
    Translation RandomTranslation(int group, int variant, int example, Random rng) => Translation.None;

    void EncodeTraining(TrainingExample example, Span<int> inputs, Span<int> labels);

    int EvaluationCount { get; }
    int EvaluationPuzzleId(int index);

    /// <summary>Writes evaluation example <paramref name="index"/>, untranslated; labels all ignored when the answer is unknown.</summary>
    void EncodeEvaluation(int index, Span<int> inputs, Span<int> labels);
}
