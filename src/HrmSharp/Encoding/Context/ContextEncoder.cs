using HrmSharp.Augmentation;
using HrmSharp.Data;

namespace HrmSharp.Encoding.Context;

/// <summary>
/// Turns a task into in-context sequences: every demo input and output, then the query input, each at its real
/// size row-major (or on 30×30 in the padded layout), then the answer canvas (<see cref="AnswerCanvas"/>). Labels are on
/// the canvas only. A task with zero demos (Sudoku, Maze) is just input → canvas. No puzzle identifiers.
/// An augmentation is applied to the whole task before anything is chosen, so demos and query share it.
/// </summary>
public sealed class ContextEncoder(ContextEncoderOptions? options = null)
{
    public ContextEncoderOptions Options { get; } = options ?? new ContextEncoderOptions();

    /// <summary>
    /// One sequence per test input, every demo as context (the inference/evaluation sequences). To score known test
    /// outputs honestly, use an encoder with <see cref="ContextEncoderOptions.FallbackToFullCanvas"/> off, so the canvas
    /// size never depends on the answer.
    /// </summary>
    public IReadOnlyList<ContextSequence> EncodeTests(ArcTask task, TaskAugmentation? augmentation = null)
    {
        var aug = augmentation ?? TaskAugmentation.Identity;
        var t = aug.Apply(task);
        return t.Test.Select((query, i) => Encode(t.Id, t.Train, query, QueryKind.Test, i, aug)).ToArray();
    }

    /// <summary>
    /// Leave-one-out training sequences: demo i as the query with the other demos (in order) as context, for each of the
    /// k demos; then, with <paramref name="includeTests"/>, each test pair whose output is known with all k demos.
    /// </summary>
    public IReadOnlyList<ContextSequence> LeaveOneOut(ArcTask task, bool includeTests, TaskAugmentation? augmentation = null)
    {
        var aug = augmentation ?? TaskAugmentation.Identity;
        var t = aug.Apply(task);
        var result = new List<ContextSequence>(t.Train.Count + t.Test.Count);
        for (int i = 0; i < t.Train.Count; i++)
        {
            var others = t.Train.Where((_, j) => j != i).ToArray();
            result.Add(Encode(t.Id, others, t.Train[i], QueryKind.Demo, i, aug));
        }
        if (includeTests)
            for (int i = 0; i < t.Test.Count; i++)
                if (t.Test[i].Output is not null)
                    result.Add(Encode(t.Id, t.Train, t.Test[i], QueryKind.Test, i, aug));
        return result;
    }

    /// <summary>The lengths of the <see cref="LeaveOneOut"/> sequences, in the same order, without building them.</summary>
    public int[] LeaveOneOutLengths(ArcTask task, bool includeTests)
    {
        // Augmentations keep every grid's cell count and the max-rule canvas's area, so lengths need no augmentation.
        var lengths = new List<int>(task.Train.Count + task.Test.Count);
        for (int i = 0; i < task.Train.Count; i++)
            lengths.Add(Length(task.Train.Where((_, j) => j != i).ToArray(), task.Train[i]));
        if (includeTests)
            foreach (var test in task.Test)
                if (test.Output is not null)
                    lengths.Add(Length(task.Train, test));
        return [.. lengths];
    }

    /// <summary>The length of the sequence <see cref="Encode"/> would build, without building it (for batch planning).</summary>
    public int Length(IReadOnlyList<Pair> demos, Pair query)
    {
        if (Options.Layout == ContextLayout.Padded) return (2 * demos.Count + 2) * Grid.MaxSide * Grid.MaxSide;
        var (rows, cols, _) = AnswerCanvas.SizeFor(demos, query, Options);
        return demos.Sum(d => d.Input.Count + d.Output!.Count) + query.Input.Count + rows * cols;
    }

    /// <summary>
    /// Encodes one query with its context. The grids must already be in the frame of <paramref name="augmentation"/>
    /// (which is only recorded, for inverting predictions); use <see cref="EncodeTests"/> or <see cref="LeaveOneOut"/>
    /// to augment a task.
    /// </summary>
    public ContextSequence Encode(string taskId, IReadOnlyList<Pair> demos, Pair query, QueryKind kind, int queryIndex,
                                  TaskAugmentation augmentation)
    {
        if (demos.Count > ContextLimits.MaxDemos)
            throw new HrmException($"task {taskId}: {demos.Count} demo pairs; an in-context sequence holds at most {ContextLimits.MaxDemos}");
        for (int i = 0; i < demos.Count; i++)
            if (demos[i].Output is null)
                throw new ArgumentException($"task {taskId}: demo {i} has no output", nameof(demos));

        var (canvasRows, canvasCols, fallback) = AnswerCanvas.SizeFor(demos, query, Options);
        var writer = new Writer(Length(demos, query), Options.Layout == ContextLayout.Padded);
        // Grids are numbered from the end (canvas 0, query input 1, last demo's output 2 and input 3, ...), so the query
        // and canvas always carry the same learned grid embedding: leave-one-out training has one demo fewer in context
        // than answering a test input, and numbering from the start gave the test's query and canvas indices that
        // training had only seen on demos (a model that copied its inputs exactly in training failed at evaluation).
        int last = 2 * demos.Count + 1;
        for (int i = 0; i < demos.Count; i++)
        {
            writer.AddGrid(demos[i].Input, last - 2 * i, GridRole.DemoInput);
            writer.AddGrid(demos[i].Output!, last - 2 * i - 1, GridRole.DemoOutput);
        }
        writer.AddGrid(query.Input, 1, GridRole.QueryInput);
        var canvas = new AnswerCanvas(writer.Position, canvasRows, canvasCols, query.Output, fallback);
        writer.AddCanvas(canvas, 0, Options.MarkBoundary);
        System.Diagnostics.Debug.Assert(writer.Position == writer.Tokens.Length, "Length() and the writer disagree");

        return new ContextSequence
        {
            TaskId = taskId,
            QueryKind = kind,
            QueryIndex = queryIndex,
            Augmentation = augmentation,
            Layout = Options.Layout,
            Demos = demos.Count,
            Canvas = canvas,
            Tokens = writer.Tokens,
            Labels = writer.Labels,
            GridIndex = writer.GridIndex,
            Role = writer.Role,
            Row = writer.Row,
            Col = writer.Col,
            GridRows = writer.GridRows,
            GridCols = writer.GridCols,
        };
    }

    /// <summary>Appends grids token by token into preallocated per-token arrays.</summary>
    private sealed class Writer(int length, bool padded)
    {
        public int[] Tokens { get; } = new int[length];
        public int[] Labels { get; } = Filled(length, ContextVocabulary.IgnoreLabel);
        public int[] GridIndex { get; } = new int[length];
        public int[] Role { get; } = new int[length];
        public int[] Row { get; } = new int[length];
        public int[] Col { get; } = new int[length];
        public int[] GridRows { get; } = new int[length];
        public int[] GridCols { get; } = new int[length];
        public int Position { get; private set; }

        public void AddGrid(Grid grid, int index, GridRole role)
        {
            // Padded: the grid top-left on a 30×30 canvas, PAD elsewhere; packed: its own size.
            int rows = padded ? Data.Grid.MaxSide : grid.Rows, cols = padded ? Data.Grid.MaxSide : grid.Cols;
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    int token = r < grid.Rows && c < grid.Cols ? ContextVocabulary.Colour(grid[r, c]) : ContextVocabulary.Pad;
                    Add(token, ContextVocabulary.IgnoreLabel, index, role, r, c, grid.Rows, grid.Cols);
                }
        }

        public void AddCanvas(AnswerCanvas canvas, int index, bool markBoundary)
        {
            for (int r = 0; r < canvas.Rows; r++)
                for (int c = 0; c < canvas.Cols; c++)
                    Add(ContextVocabulary.Canvas, canvas.Label(r, c, markBoundary), index, GridRole.Canvas, r, c, canvas.Rows, canvas.Cols);
        }

        private void Add(int token, int label, int index, GridRole role, int row, int col, int gridRows, int gridCols)
        {
            int i = Position++;
            Tokens[i] = token;
            Labels[i] = label;
            GridIndex[i] = index;
            Role[i] = (int)role;
            Row[i] = row;
            Col[i] = col;
            GridRows[i] = gridRows;
            GridCols[i] = gridCols;
        }

        private static int[] Filled(int length, int value)
        {
            var a = new int[length];
            a.AsSpan().Fill(value);
            return a;
        }
    }
}
