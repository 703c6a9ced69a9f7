using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding;
using HrmSharp.Randomness;

namespace HrmSharp.Training.Data;

/// <summary>
/// A tiny learnable task for tests and benches: reverse a random sequence of tokens 1..V−1. Sequence i is generated
/// from (seed, i) alone; training uses sequences 0..count−1, evaluation the next evalCount (never trained on).
/// </summary>
public sealed class SyntheticDataset : IPuzzleIdDataset
{
    private readonly int _count;
    private readonly int _evalCount;
    private readonly int _seed;

    public SyntheticDataset(int count, int evalCount, int seqLen, int vocab, int seed)
    {
        if (count < 1) throw new HrmException($"synthetic data needs at least one training sequence, got {count}");
        if (vocab < 3) throw new HrmException($"synthetic data needs a vocabulary of at least 3, got {vocab}");
        (_count, _evalCount, _seed) = (count, evalCount, seed);
        Scheme = new TokenScheme("synthetic", vocab, seqLen, null, Enumerable.Repeat(-1, Grid.Colours).ToArray());
    }

    public TokenScheme Scheme { get; }
    public PuzzleIdTable PuzzleIds => PuzzleIdTable.BlankOnly;
    public int GroupCount => _count;
    public int VariantCount(int group) => 1;
    public int ExampleCount(int group) => 1;
    public int PuzzleId(int group, int variant) => PuzzleIdTable.Blank;
    public bool Translates => false;
    public Translation RandomTranslation(int group, int variant, int example, Random rng) => Translation.None;
    public void EncodeTraining(TrainingExample example, Span<int> inputs, Span<int> labels) => Sequence(example.Group, inputs, labels);
    public int EvaluationCount => _evalCount;
    public int EvaluationPuzzleId(int index) => PuzzleIdTable.Blank;
    public void EncodeEvaluation(int index, Span<int> inputs, Span<int> labels) => Sequence(_count + index, inputs, labels);

    private void Sequence(long index, Span<int> inputs, Span<int> labels)
    {
        var rng = new Random(SeedMix.Of(_seed, index, 0x5E));
        int n = Scheme.SeqLen;
        for (int i = 0; i < n; i++)
            inputs[i] = rng.Next(1, Scheme.VocabSize);
        for (int i = 0; i < n; i++)
            labels[i] = inputs[n - 1 - i];
    }
}
