namespace HrmSharp.Evaluation;

/// <summary>
/// Token and exact accuracy over predicted sequences, as the reference's metrics (models/losses.py): per sequence the
/// share of non-ignored label positions predicted right, averaged over sequences; exact = every such position right.
/// Sequences with no label position are skipped (the reference masks them out of its counts).
/// </summary>
public sealed class SequenceAccuracy
{
    private double _tokenSum;

    public int Sequences { get; private set; }
    public int ExactSequences { get; private set; }
    public long CorrectTokens { get; private set; }
    public long LabelTokens { get; private set; }

    public double TokenAccuracy => Sequences == 0 ? 0 : _tokenSum / Sequences;
    public double ExactAccuracy => Sequences == 0 ? 0 : (double)ExactSequences / Sequences;

    public void Add(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        if (predicted.Length != labels.Length) throw new ArgumentException($"{predicted.Length} predictions for {labels.Length} labels");
        int valid = 0, correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] == Encoding.TokenScheme.IgnoreLabel) continue;
            valid++;
            if (predicted[i] == labels[i]) correct++;
        }
        if (valid == 0) return;
        Sequences++;
        if (correct == valid) ExactSequences++;
        _tokenSum += (double)correct / valid;
        CorrectTokens += correct;
        LabelTokens += valid;
    }
}
