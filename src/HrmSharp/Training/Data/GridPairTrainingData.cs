using HrmSharp.Data;

namespace HrmSharp.Training.Data;

/// <summary>
/// Training pairs of one fixed grid shape (Sudoku, mazes): each draw picks a pair through the epoch sampler and, when
/// an augmentation is given, transforms it with an RNG of its own (seeded by the draw), so the batch at a step is a
/// pure function of (seed, step). All puzzle identifiers are 0, as in the reference's Sudoku and maze datasets.
/// </summary>
public sealed class GridPairTrainingData : ITrainingData
{
    private const int AugmentStream = 0xA6;
    private readonly IReadOnlyList<Pair> _pairs;
    private readonly GridCodec _codec;
    private readonly Func<Random, Pair, Pair>? _augment;
    private readonly EpochSampler _sampler;
    private readonly int _seed;

    public GridPairTrainingData(string description, IReadOnlyList<Pair> pairs, GridCodec codec, Func<Random, Pair, Pair>? augment, int seed)
    {
        if (pairs.Count == 0) throw new HrmException($"{description}: no training examples");
        Description = description;
        _pairs = pairs;
        _codec = codec;
        _augment = augment;
        _sampler = new EpochSampler(pairs.Count, seed);
        _seed = seed;
    }

    public string Description { get; }
    public int SeqLen => _codec.SeqLen;
    public int VocabSize => _codec.VocabSize;
    public int NumPuzzleIdentifiers => 1;
    public long Count => _pairs.Count;

    public void Fill(long step, TrainingBatch batch)
    {
        for (int row = 0; row < batch.BatchSize; row++)
        {
            long draw = step * batch.BatchSize + row;
            var pair = _pairs[_sampler.Index(draw)];
            if (_augment is not null)
                pair = _augment(Seeds.For(_seed, draw, AugmentStream), pair);
            _codec.Encode(pair.Input, batch.InputRow(row));
            _codec.Encode(pair.Output!, batch.LabelRow(row));
            batch.PuzzleIds[row] = 0;
        }
    }
}
