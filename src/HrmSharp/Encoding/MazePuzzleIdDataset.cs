using HrmSharp.Augmentation;
using HrmSharp.Data.Maze;

namespace HrmSharp.Encoding;

/// <summary>
/// Mazes in the reference's shape (build_maze_dataset.py): one group per training maze; with augmentation its 8 dihedral
/// images (numbered as the reference's dihedral_transform, <see cref="Dihedral"/>) are the variants, else just itself;
/// one example each, all under the blank identifier 0. Evaluation: every test maze, unaugmented. All mazes share one side.
/// </summary>
public sealed class MazePuzzleIdDataset : IPuzzleIdDataset
{
    private readonly MazePuzzle[] _training;
    private readonly MazePuzzle[] _evaluation;
    private readonly int _variants;

    public MazePuzzleIdDataset(IReadOnlyList<MazePuzzle> training, IReadOnlyList<MazePuzzle> evaluation, bool augment)
    {
        _training = training.ToArray();
        _evaluation = evaluation.ToArray();
        var first = _training.Concat(_evaluation).FirstOrDefault() ?? throw new HrmException("no mazes to train or evaluate on");
        int side = first.Question.Rows;
        var problems = _training.Select((m, i) => (m, where: $"training maze {i}")).Concat(_evaluation.Select((m, i) => (m, where: $"evaluation maze {i}")))
            .Where(x => x.m.Question.Rows != side || x.m.Question.Cols != side)
            .Take(10).Select(x => $"{x.where} is {x.m.Question.Rows}x{x.m.Question.Cols}; every maze must be {side}x{side} (one sequence length)")
            .ToList();
        HrmException.ThrowIfAny(problems);
        Encoder = new MazeEncoder(side);
        _variants = augment ? Dihedral.Count : 1;
    }

    public MazeEncoder Encoder { get; }
    public TokenScheme Scheme => Encoder.Scheme;
    public PuzzleIdTable PuzzleIds => PuzzleIdTable.BlankOnly;
    public IReadOnlyList<MazePuzzle> Training => _training;
    public IReadOnlyList<MazePuzzle> EvaluationPuzzles => _evaluation;

    public int GroupCount => _training.Length;
    public int VariantCount(int group) => _variants;

    public void EncodeTraining(TrainingExample example, Span<int> inputs, Span<int> labels)
    {
        var m = _training[example.Group];
        var d = new Dihedral(example.Variant);
        Encoder.Encode(m.Question, d, inputs);
        Encoder.Encode(m.Answer, d, labels);
    }

    public int EvaluationCount => _evaluation.Length;
    public int EvaluationPuzzleId(int index) => PuzzleIdTable.Blank;

    public void EncodeEvaluation(int index, Span<int> inputs, Span<int> labels)
    {
        Encoder.Encode(_evaluation[index].Question, inputs);
        Encoder.Encode(_evaluation[index].Answer, labels);
    }
}
