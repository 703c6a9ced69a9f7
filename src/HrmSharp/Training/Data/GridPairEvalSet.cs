using HrmSharp.Data;

namespace HrmSharp.Training.Data;

/// <summary>Held-out fixed-shape puzzles (Sudoku, mazes): every cell is a label, as in the reference datasets.</summary>
public sealed class GridPairEvalSet(string description, IReadOnlyList<Pair> pairs, GridCodec codec) : ExactMatchEvalSet
{
    public override string Description { get; } = description;
    public override int Count => pairs.Count;
    public override int SeqLen => codec.SeqLen;
    public IReadOnlyList<Pair> Pairs => pairs;

    public override void Fill(int index, Span<int> inputs, Span<int> labels, out int puzzleId)
    {
        codec.Encode(pairs[index].Input, inputs);
        codec.Encode(pairs[index].Output!, labels);
        puzzleId = 0;
    }
}
