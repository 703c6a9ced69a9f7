namespace HrmSharp.Training;

/// <summary>What the model answered for each evaluation example: argmax token ids [N·S] and the halting logit q_halt [N].</summary>
public sealed class ModelPredictions(int count, int seqLen)
{
    public int Count { get; } = count;
    public int SeqLen { get; } = seqLen;
    public int[] Tokens { get; } = new int[count * seqLen];
    public float[] QHaltLogits { get; } = new float[count];

    public ReadOnlySpan<int> Row(int index) => Tokens.AsSpan(index * SeqLen, SeqLen);
}
