namespace HrmSharp.Encoding.Context;

/// <summary>
/// Groups sequences of different lengths into batches so the work follows the real token count:
/// <list type="number">
/// <item>order the sequences longest first (ties in a seeded random order);</item>
/// <item>with packing, put each into the open row it fills best (best-fit decreasing, capacity
/// <see cref="BatchingOptions.MaxRowLength"/>); a longer sequence gets a row of its own;</item>
/// <item>bucket: sort the rows by length and cut them, longest first, into batches of at most
/// <see cref="BatchingOptions.TokensPerBatch"/> B·L tokens, L being the batch's longest row;</item>
/// <item>shuffle the batch order (optional).</item>
/// </list>
/// Plans only on lengths (<see cref="ContextEncoder.Length"/>), so sequences can be encoded batch by batch.
/// The same (lengths, options, seed) always give the same plan.
/// </summary>
public static class BatchPlanner
{
    public static IReadOnlyList<BatchPlan> Plan(IReadOnlyList<int> lengths, BatchingOptions options, int seed)
    {
        options.Validate();
        for (int i = 0; i < lengths.Count; i++)
            if (lengths[i] < 1) throw new ArgumentException($"sequence {i} has length {lengths[i]}", nameof(lengths));
        var rng = new Random(seed);

        // 1. Longest first; a seeded shuffle before the stable sort orders the ties.
        var order = Enumerable.Range(0, lengths.Count).ToArray();
        rng.Shuffle(order);
        order = order.OrderByDescending(i => lengths[i]).ToArray();

        // 2. Rows.
        var rows = options.Pack ? PackRows(order, lengths, options.MaxRowLength) : order.Select(i => new List<int> { i }).ToList();

        // 3. Buckets of similar-length rows (stable sort: equal-length rows keep their seeded order).
        var rowLengths = rows.Select(r => r.Sum(i => lengths[i])).ToArray();
        var byLength = Enumerable.Range(0, rows.Count).OrderByDescending(r => rowLengths[r]).ToArray();
        var batches = new List<BatchPlan>();
        for (int at = 0; at < byLength.Length;)
        {
            int length = RoundUp(rowLengths[byLength[at]], options.LengthMultiple);
            int count = Math.Max(1, Math.Min(options.TokensPerBatch / length, byLength.Length - at));
            batches.Add(new BatchPlan(byLength.Skip(at).Take(count).Select(r => rows[r].ToArray()).ToArray(), length));
            at += count;
        }

        // 4. Batch order.
        if (options.ShuffleBatches)
        {
            var shuffled = batches.ToArray();
            rng.Shuffle(shuffled);
            return shuffled;
        }
        return batches;
    }

    /// <summary>Best-fit decreasing: <paramref name="order"/> is longest first; each goes to the open row with the least room that holds it.</summary>
    private static List<List<int>> PackRows(int[] order, IReadOnlyList<int> lengths, int capacity)
    {
        var rows = new List<List<int>>();
        var open = new SortedSet<(int Room, int Row)>(); // rows that can still take something
        foreach (int s in order)
        {
            int length = lengths[s];
            if (length >= capacity)
            {
                rows.Add([s]);
                continue;
            }
            // Min of the view is O(log n) (its Count would walk it); open rows have room >= 1, so room 0 = none fits.
            var (room, row) = open.GetViewBetween((length, int.MinValue), (int.MaxValue, int.MaxValue)).Min;
            if (room > 0)
            {
                open.Remove((room, row));
                rows[row].Add(s);
                if (room > length) open.Add((room - length, row));
            }
            else
            {
                rows.Add([s]);
                open.Add((capacity - length, rows.Count - 1));
            }
        }
        return rows;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
