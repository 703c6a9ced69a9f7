using HrmSharp.Augmentation;
using HrmSharp.Data.Sudoku;

namespace HrmSharp.Encodings;

/// <summary>
/// Sudoku in the reference's shape (build_sudoku_dataset.py): one group per training puzzle holding the original and
/// <c>augmentations</c> validity-preserving shuffles (digits 1–9 relabelled, bands/rows and stacks/columns reordered,
/// optional transpose: <see cref="SudokuTransform"/>), one example each, all under the blank identifier 0. Variant v of
/// puzzle g is drawn from its own seed (seed, g, v), so nothing is stored. Evaluation: every test puzzle, unaugmented.
/// </summary>
public sealed class SudokuHrmDataset : IHrmDataset
{
    private readonly SudokuPuzzle[] _training;
    private readonly SudokuPuzzle[] _evaluation;
    private readonly int _variants;
    private readonly int _seed;

    public SudokuHrmDataset(IReadOnlyList<SudokuPuzzle> training, IReadOnlyList<SudokuPuzzle> evaluation, int augmentations, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(augmentations);
        _training = training.ToArray();
        _evaluation = evaluation.ToArray();
        _variants = augmentations + 1;
        _seed = seed;
    }

    public TokenScheme Scheme => TokenScheme.Sudoku;
    public PuzzleIdTable PuzzleIds => PuzzleIdTable.BlankOnly;
    public IReadOnlyList<SudokuPuzzle> Training => _training;
    public IReadOnlyList<SudokuPuzzle> EvaluationPuzzles => _evaluation;

    public int GroupCount => _training.Length;
    public int VariantCount(int group) => _variants;
    public int ExampleCount(int group) => 1;
    public int PuzzleId(int group, int variant) => PuzzleIdTable.Blank;
    public bool Translates => false;
    public Translation RandomTranslation(int group, int variant, int example, Random rng) => Translation.None;

    /// <summary>Variant 0 is the puzzle itself; the others are random shuffles fixed by (seed, group, variant).</summary>
    public SudokuTransform Transform(int group, int variant)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(variant);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(variant, _variants);
        return variant == 0 ? SudokuTransform.Identity : SudokuTransform.Random(new Random(SeedMix.Of(_seed, group, variant)));
    }

    public void EncodeTraining(TrainingExample example, Span<int> inputs, Span<int> labels)
    {
        var p = _training[example.Group];
        var t = Transform(example.Group, example.Variant);
        SudokuEncoder.Instance.Encode(t.Apply(p.Question), inputs);
        SudokuEncoder.Instance.Encode(t.Apply(p.Solution), labels);
    }

    public int EvaluationCount => _evaluation.Length;
    public int EvaluationPuzzleId(int index) => PuzzleIdTable.Blank;

    public void EncodeEvaluation(int index, Span<int> inputs, Span<int> labels)
    {
        SudokuEncoder.Instance.Encode(_evaluation[index].Question, inputs);
        SudokuEncoder.Instance.Encode(_evaluation[index].Solution, labels);
    }
}
