using System.Collections.Immutable;

namespace HrmSharp.Data;

/// <summary>
/// Counts and token arithmetic of a task set (what <c>hrm data stats</c> prints): how much a fixed 30×30 canvas per grid
/// costs against the real cells, in tokens (sum of lengths) and in attention scores (sum of squared lengths), and how
/// often the canvas max(test input, demo outputs) would hold the answer (on ARC-1 evaluation: 419 test sequences, median 1242 real tokens against 7200 padded, canvas fit 97.6 %).
/// Test inputs without a known output give no sequence (their answer length is unknown) and are counted apart.
/// </summary>
public sealed record TaskStatistics(
    int Tasks,
    int DemoPairs,
    int TestPairs,
    int TestsWithoutOutput,
    IReadOnlyList<SizeBucket> SizeHistogram,
    IReadOnlyList<SequenceLength> Sequences,
    LengthSummary Real,
    LengthSummary Padded,
    LengthSummary Canvas)
{
    /// <summary>Upper bounds of the max-side buckets: 1-5, 6-10, 11-15, 16-20, 21-25, 26-29, 30.</summary>
    private static readonly ImmutableArray<int> BucketTops = [5, 10, 15, 20, 25, 29, 30];

    public int CanvasFits => Sequences.Count(s => s.CanvasFits);
    public double CanvasFitShare => Sequences.Count == 0 ? 0 : (double)CanvasFits / Sequences.Count;

    /// <summary>Padded tokens over real cells, summed over sequences.</summary>
    public double TokenRatio => Ratio(Padded.Sum, Real.Sum);
    /// <summary>Padded attention scores over real ones: sum of squared lengths.</summary>
    public double AttentionRatio => Ratio(Padded.SumOfSquares, Real.SumOfSquares);
    /// <summary>Canvas-in-place-of-answer tokens over real cells (the overhead of not knowing the answer size).</summary>
    public double CanvasOverReal => Ratio(Canvas.Sum, Real.Sum);
    public double PaddedOverCanvas => Ratio(Padded.Sum, Canvas.Sum);
    public double AttentionPaddedOverCanvas => Ratio(Padded.SumOfSquares, Canvas.SumOfSquares);

    public static TaskStatistics Compute(IReadOnlyList<ArcTask> tasks, int canvasSide = Grid.MaxSide)
    {
        int full = canvasSide * canvasSide;
        var buckets = new int[BucketTops.Length];
        var sequences = new List<SequenceLength>();
        int demos = 0, tests = 0, unanswered = 0;

        foreach (var task in tasks)
        {
            demos += task.Train.Count;
            tests += task.Test.Count;
            foreach (var pair in task.Train.Concat(task.Test)) buckets[Bucket(MaxSide(pair))]++;

            int demoCells = task.Train.Sum(p => p.Input.Count + p.Output!.Count);
            // Tasks without demos (Sudoku, mazes) get the test input's size as their canvas.
            int demoOutRows = task.Train.Select(p => p.Output!.Rows).DefaultIfEmpty(0).Max();
            int demoOutCols = task.Train.Select(p => p.Output!.Cols).DefaultIfEmpty(0).Max();
            int padded = full * (2 * task.Train.Count + 2);
            for (int i = 0; i < task.Test.Count; i++)
            {
                var (input, output) = (task.Test[i].Input, task.Test[i].Output);
                if (output is null)
                {
                    unanswered++;
                    continue;
                }
                int canvasRows = Math.Max(input.Rows, demoOutRows), canvasCols = Math.Max(input.Cols, demoOutCols);
                bool fits = output.Rows <= canvasRows && output.Cols <= canvasCols;
                int prefix = demoCells + input.Count;
                sequences.Add(new SequenceLength(task.Id, i, prefix + output.Count, padded,
                                                 prefix + (fits ? canvasRows * canvasCols : full), fits));
            }
        }

        var histogram = BucketTops.Select((top, b) => new SizeBucket(b == 0 ? 1 : BucketTops[b - 1] + 1, top, buckets[b])).ToArray();
        return new TaskStatistics(tasks.Count, demos, tests, unanswered, histogram, sequences,
                                  LengthSummary.Of(sequences.Select(s => s.Real)),
                                  LengthSummary.Of(sequences.Select(s => s.Padded)),
                                  LengthSummary.Of(sequences.Select(s => s.Canvas)));
    }

    private static int MaxSide(Pair pair) =>
        Math.Max(Math.Max(pair.Input.Rows, pair.Input.Cols), pair.Output is { } o ? Math.Max(o.Rows, o.Cols) : 0);

    private static int Bucket(int side)
    {
        int b = 0;
        while (b < BucketTops.Length - 1 && side > BucketTops[b]) b++;
        return b;
    }

    private static double Ratio(long a, long b) => b == 0 ? 0 : (double)a / b;
}
