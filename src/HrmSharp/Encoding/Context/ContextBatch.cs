using HrmSharp.Data;
using static TorchSharp.torch;

namespace HrmSharp.Encoding.Context;

/// <summary>
/// A batch of in-context sequences, <see cref="Rows"/> (B) rows of <see cref="Length"/> (L) tokens, one or several
/// sequences per row. Every per-token array is flat [B·L], row-major (<see cref="ToTensor"/> gives int64 [B, L]).
/// Padding tokens: PAD, label −100, segment −1, every other id 0. Segment s is <see cref="Segments"/>[s], so losses and
/// metrics can be taken per sequence; attention stays within a segment (<see cref="Mask"/>).
/// </summary>
public sealed record ContextBatch
{
    public required int Rows { get; init; }
    public required int Length { get; init; }
    public required IReadOnlyList<ContextSegment> Segments { get; init; }

    public required int[] Tokens { get; init; }
    public required int[] Labels { get; init; }
    /// <summary>Index into <see cref="Segments"/>; −1 on padding.</summary>
    public required int[] SegmentIds { get; init; }
    /// <summary>Index within the token's own sequence (rope1d and learned positions), 0..<see cref="ContextLimits.MaxSequenceLength"/>−1.</summary>
    public required int[] SequencePosition { get; init; }
    /// <summary>0..<see cref="ContextLimits.MaxGrids"/>−1, with <see cref="Role"/> the learned (grid index, role) embedding's ids.</summary>
    public required int[] GridIndex { get; init; }
    /// <summary>A <see cref="GridRole"/>, 0..<see cref="ContextLimits.Roles"/>−1.</summary>
    public required int[] Role { get; init; }
    /// <summary>Row and column within the grid (rope2d; also the RowCol absolute features), 0..29.</summary>
    public required int[] Row { get; init; }
    public required int[] Col { get; init; }
    /// <summary>Height−1−row and width−1−col clamped to 0..29.</summary>
    public required int[] ToBottom { get; init; }
    public required int[] ToRight { get; init; }
    /// <summary>The grid's height−1 and width−1, 0..29.</summary>
    public required int[] GridHeight { get; init; }
    public required int[] GridWidth { get; init; }
    /// <summary>
    /// Height−1 and width−1 of the input grid a token's grid is paired with: its own for inputs; for a demo output its
    /// demo input's, for the canvas the query input's (dihedral rotary frames map output cells into that grid).
    /// </summary>
    public required int[] PairHeight { get; init; }
    public required int[] PairWidth { get; init; }
    /// <summary>
    /// Flat [B·L·<see cref="PairedFrames"/>]: for an output-role token (demo output, canvas), 1 + the colour of its paired
    /// input grid at the cell it comes from under each symmetry (the order of the dihedral rotary frames: identity,
    /// mirror left-right, mirror top-bottom, rotate 180, transpose, anti-transpose, rotate 90 clockwise, rotate 90
    /// counter-clockwise), then under the <see cref="MappedFrames"/> maps that depend on the output's size and the
    /// <see cref="TranslationFrames"/> translations the demos imply (see <see cref="PairedSources"/>); 0 where that cell
    /// is off the input, and on every other token.
    /// </summary>
    public required int[] PairedColours { get; init; }
    /// <summary>
    /// Flat [B·L·<see cref="PairedFrames"/>], slot for slot with <see cref="PairedColours"/>: on a demo-output cell,
    /// <see cref="Agrees"/> where its own colour equals that slot's paired colour and <see cref="Differs"/> where not;
    /// <see cref="NoAgreement"/> on every other token (the canvas's colour is what is asked). The evidence that picks a
    /// copy or mirror rule from the demos, given instead of learned per symmetry.
    /// </summary>
    public required int[] PairedAgreement { get; init; }

    /// <summary>
    /// Flat [B·L·<see cref="ObjectFeatures.Count"/>]: each input cell's <see cref="ObjectFeatures"/> in
    /// its own grid; an output-role cell (demo output, canvas) carries those of its paired input's cell at the same
    /// (row, column), 0 off the input (its own colours are what is asked, on the canvas); 0 on every other token.
    /// </summary>
    public required int[] ObjectIds { get; init; }

    /// <summary>
    /// Per canvas token, the answer size the demos imply (<see cref="AnswerSize"/>): <see cref="InsideHint"/> on a cell
    /// inside it, <see cref="OutsideHint"/> beyond it, <see cref="UnknownHint"/> on every canvas cell when no relation
    /// holds; <see cref="NoHint"/> on every other token.
    /// </summary>
    public required int[] SizeHint { get; init; }

    /// <summary>
    /// Flat [B·L·<see cref="PairedFrames"/>], slot for slot with <see cref="PairedColours"/>, on canvas cells only: each
    /// map's candidate, 1 + id · <see cref="AgreementBuckets"/> + bucket, where id is the slot's paired id passed through
    /// the colour substitution that best fits the context's demos under that map, and bucket how many demo-output cells
    /// the map with its substitution agrees with (<see cref="AgreementBucket"/>; <see cref="ColourSubstitution"/>); 0 on
    /// every other token. One table shared by every slot reads it, so "take the candidate the demos agree with" is one
    /// rule for every map, a map or a colour change no training task used included.
    /// </summary>
    public required int[] CandidateIds { get; init; }

    /// <summary>Buckets of a map's agreement with the demo outputs: under 50 %, under 80 %, under 95 %, under 100 %, all.</summary>
    public const int AgreementBuckets = 5;

    /// <summary>Ids of <see cref="CandidateIds"/>: none, then the 11 paired ids × <see cref="AgreementBuckets"/>.</summary>
    public const int CandidateIdCount = 1 + PairedIds * AgreementBuckets;

    /// <summary>The bucket of <paramref name="agreeing"/> out of <paramref name="cells"/> demo-output cells (0 without demos).</summary>
    public static int AgreementBucket(int agreeing, int cells)
    {
        if (cells == 0) return 0;
        if (agreeing == cells) return AgreementBuckets - 1;
        double rate = (double)agreeing / cells;
        return rate < 0.5 ? 0 : rate < 0.8 ? 1 : rate < 0.95 ? 2 : 3;
    }

    /// <summary>Values of <see cref="SizeHint"/>.</summary>
    public const int NoHint = 0, InsideHint = 1, OutsideHint = 2, UnknownHint = 3;

    /// <summary>Values of <see cref="PairedAgreement"/>.</summary>
    public const int NoAgreement = 0, Agrees = 1, Differs = 2;

    /// <summary>Symmetries at the start of each token's <see cref="PairedColours"/> (the slots a frame order may shuffle).</summary>
    public const int SymmetryFrames = 8;

    /// <summary>Size-dependent maps after the symmetries: scaled, far-corner anchored, and the input tiled plain or mirrored (4).</summary>
    public const int MappedFrames = 6;

    /// <summary>Translations after the size-dependent maps: by the offset the demos agree with best, wrapping around the
    /// edges, then clipped (<see cref="InferredShift"/>).</summary>
    public const int TranslationFrames = 2;

    /// <summary>Slots per token in <see cref="PairedColours"/>: the symmetries, the size-dependent maps, the translations.</summary>
    public const int PairedFrames = SymmetryFrames + MappedFrames + TranslationFrames;

    /// <summary>Ids per symmetry in <see cref="PairedColours"/>: none and the 10 colours.</summary>
    public const int PairedIds = Grid.Colours + 1;

    /// <summary>
    /// False when every row is exactly one sequence with no padding: attention can then run without a mask.
    /// </summary>
    public bool NeedsMask => Segments.Count != Rows || Segments.Any(s => s.Length != Length);

    /// <summary>Lays out the sequences of <paramref name="plan"/> (indices into <paramref name="sequences"/>).</summary>
    public static ContextBatch Build(IReadOnlyList<ContextSequence> sequences, BatchPlan plan)
    {
        int rows = plan.Rows.Length, length = plan.Length, n = rows * length;
        var segments = new List<ContextSegment>();
        int[] tokens = new int[n], labels = new int[n], segmentIds = new int[n], position = new int[n], gridIndex = new int[n],
              role = new int[n], row = new int[n], col = new int[n], toBottom = new int[n], toRight = new int[n],
              height = new int[n], width = new int[n], pairHeight = new int[n], pairWidth = new int[n], sizeHint = new int[n];
        var paired = new int[n * PairedFrames];
        var agreement = new int[n * PairedFrames];
        var candidates = new int[n * PairedFrames];
        var substitution = new ColourSubstitution();
        const int features = ObjectFeatures.Count;
        var objects = new int[n * features];
        var inputObjects = new int[Grid.MaxSide * Grid.MaxSide * features]; // the latest input grid's, by its own cell
        var gridColours = new int[Grid.MaxSide * Grid.MaxSide];
        var inputCells = new int[Grid.MaxSide * Grid.MaxSide]; // 1 + colour of the latest input grid's cells, 0 = none
        labels.AsSpan().Fill(ContextVocabulary.IgnoreLabel);
        segmentIds.AsSpan().Fill(-1);
        // tokens stay 0 = PAD on padding.

        for (int b = 0; b < rows; b++)
        {
            int start = 0;
            foreach (int index in plan.Rows[b])
            {
                var seq = sequences[index];
                if (start + seq.Length > length)
                    throw new ArgumentException($"row {b} holds {start + seq.Length}+ tokens but the batch length is {length}", nameof(plan));
                int at = b * length + start, id = segments.Count;
                segments.Add(new ContextSegment(b, start, seq));
                seq.Tokens.CopyTo(tokens, at);
                seq.Labels.CopyTo(labels, at);
                seq.GridIndex.CopyTo(gridIndex, at);
                seq.Role.CopyTo(role, at);
                seq.Row.CopyTo(row, at);
                seq.Col.CopyTo(col, at);
                int inputRows = 1, inputCols = 1;
                substitution.Clear();
                var implied = ImpliedAnswerSize(seq);
                var (wrap, clip) = InferredShift.Infer(seq);
                for (int i = 0; i < seq.Length; i++)
                {
                    var tokenRole = (GridRole)seq.Role[i];
                    bool isInput = tokenRole is GridRole.DemoInput or GridRole.QueryInput;
                    if (isInput && (i == 0 || seq.GridIndex[i - 1] != seq.GridIndex[i]))
                    {
                        (inputRows, inputCols) = (seq.GridRows[i], seq.GridCols[i]);
                        Array.Clear(inputCells);
                        GridObjects(seq, i, inputRows, inputCols, gridColours, inputObjects);
                    }
                    // An input cell's own place, or the place an output cell has in its paired input grid.
                    bool onInput = seq.Row[i] < inputRows && seq.Col[i] < inputCols;
                    if (onInput)
                        inputObjects.AsSpan((seq.Row[i] * inputCols + seq.Col[i]) * features, features)
                            .CopyTo(objects.AsSpan((at + i) * features, features));
                    if (isInput)
                    {
                        int token = seq.Tokens[i];
                        if (onInput)
                            inputCells[seq.Row[i] * Grid.MaxSide + seq.Col[i]] = ContextVocabulary.IsColour(token) ? ContextVocabulary.ColourOf(token) + 1 : 0;
                    }
                    else
                    {
                        var slots = paired.AsSpan((at + i) * PairedFrames, PairedFrames);
                        // A demo output maps by its own size; the canvas (larger than most answers) by the implied one.
                        var (outRows, outCols) = tokenRole == GridRole.Canvas ? implied ?? (seq.GridRows[i], seq.GridCols[i]) : (seq.GridRows[i], seq.GridCols[i]);
                        PairedSources(seq.Row[i], seq.Col[i], inputRows, inputCols, outRows, outCols, inputCells, seq.FrameOrder, wrap, clip, slots);
                        if (tokenRole == GridRole.Canvas)
                        {
                            sizeHint[at + i] = implied is not { } size ? UnknownHint
                                : seq.Row[i] < size.Rows && seq.Col[i] < size.Cols ? InsideHint : OutsideHint;
                            // The canvas comes after every demo: the counts are the whole context's.
                            for (int k = 0; k < PairedFrames; k++)
                            {
                                var (colour, bucket) = substitution.Candidate(k, slots[k]);
                                candidates[(at + i) * PairedFrames + k] = 1 + colour * AgreementBuckets + bucket;
                            }
                        }
                        if (tokenRole == GridRole.DemoOutput && ContextVocabulary.IsColour(seq.Tokens[i]))
                        {
                            int own = ContextVocabulary.ColourOf(seq.Tokens[i]) + 1;
                            substitution.Count(slots, own);
                            for (int k = 0; k < PairedFrames; k++)
                                agreement[(at + i) * PairedFrames + k] = slots[k] == own ? Agrees : Differs;
                        }
                    }
                    pairHeight[at + i] = inputRows - 1;
                    pairWidth[at + i] = inputCols - 1;
                    segmentIds[at + i] = id;
                    position[at + i] = i;
                    toBottom[at + i] = Math.Clamp(seq.GridRows[i] - 1 - seq.Row[i], 0, Grid.MaxSide - 1);
                    toRight[at + i] = Math.Clamp(seq.GridCols[i] - 1 - seq.Col[i], 0, Grid.MaxSide - 1);
                    height[at + i] = seq.GridRows[i] - 1;
                    width[at + i] = seq.GridCols[i] - 1;
                }
                start += seq.Length;
            }
        }
        return new ContextBatch
        {
            Rows = rows, Length = length, Segments = segments,
            Tokens = tokens, Labels = labels, SegmentIds = segmentIds, SequencePosition = position,
            GridIndex = gridIndex, Role = role, Row = row, Col = col,
            ToBottom = toBottom, ToRight = toRight, GridHeight = height, GridWidth = width,
            PairHeight = pairHeight, PairWidth = pairWidth, PairedColours = paired, PairedAgreement = agreement, ObjectIds = objects,
            SizeHint = sizeHint, CandidateIds = candidates,
        };
    }

    /// <summary>
    /// The object features of the input grid whose first token is token <paramref name="first"/> of
    /// <paramref name="seq"/> (its tokens are contiguous), by cell, into <paramref name="into"/>.
    /// </summary>
    private static void GridObjects(ContextSequence seq, int first, int rows, int cols, int[] colours, int[] into)
    {
        seq.GridColours(first, rows, cols, colours);
        ObjectFeatures.Compute(colours.AsSpan(0, rows * cols), rows, cols, into);
    }

    /// <summary>
    /// 1 + the input's colour at the source of output cell (row, col) under each map, 0 off the input. Slots 0–7, the
    /// symmetries: slot j holds symmetry <paramref name="order"/>[j] (symmetry j when null). Slots 8–13 depend on the
    /// output's size (outRows×outCols; 0 on cells beyond it): scaled (the input stretched or shrunk to the output's size:
    /// scale up/down, a grid of copies' block index), anchored at the far corner (the output's bottom-right cell on the
    /// input's: the right or lower part of a split input), and the input tiled over the output plain, mirrored
    /// left-right, top-bottom, or both within each tile (tilings, a grid of copies' cell within its block). Slots 14–15
    /// translate by the context's inferred offsets, wrapping and clipped (0 on every cell when the demos have no pair of
    /// one size to infer them from).
    /// </summary>
    private static void PairedSources(int row, int col, int rows, int cols, int outRows, int outCols, int[] inputCells, int[]? order,
        InferredShift? wrap, InferredShift? clip, Span<int> into)
    {
        int h1 = rows - 1, w1 = cols - 1;
        int tileRow = row % rows, tileCol = col % cols;
        ReadOnlySpan<(int R, int C)> sources =
        [
            (row, col), (row, w1 - col), (h1 - row, col), (h1 - row, w1 - col),
            (col, row), (h1 - col, w1 - row), (h1 - col, row), (col, w1 - row),
            (row * rows / outRows, col * cols / outCols), (row + rows - outRows, col + cols - outCols),
            (tileRow, tileCol), (tileRow, w1 - tileCol), (h1 - tileRow, tileCol), (h1 - tileRow, w1 - tileCol),
            wrap?.Source(row, col, rows, cols) ?? (-1, -1), clip?.Source(row, col, rows, cols) ?? (-1, -1),
        ];
        bool onOutput = row < outRows && col < outCols;
        for (int j = 0; j < PairedFrames; j++)
        {
            int k = order is null || j >= order.Length ? j : order[j];
            var (r, c) = sources[k];
            into[j] = (k < SymmetryFrames || onOutput) && r >= 0 && r <= h1 && c >= 0 && c <= w1 ? inputCells[r * Grid.MaxSide + c] : 0;
        }
    }

    /// <summary>The answer size <paramref name="seq"/>'s demos imply for its query (<see cref="AnswerSize"/>); null when unknown.</summary>
    private static (int Rows, int Cols)? ImpliedAnswerSize(ContextSequence seq)
    {
        var demos = new List<AnswerSize.DemoSizes>();
        (int Rows, int Cols)? input = null;
        for (int i = 0; i < seq.Length; i++)
        {
            if (i > 0 && seq.GridIndex[i - 1] == seq.GridIndex[i]) continue;
            var size = (seq.GridRows[i], seq.GridCols[i]);
            switch ((GridRole)seq.Role[i])
            {
                case GridRole.DemoInput:
                    input = size;
                    break;
                case GridRole.DemoOutput when input is { } demoInput:
                    demos.Add(new(demoInput.Rows, demoInput.Cols, size.Item1, size.Item2));
                    break;
                case GridRole.QueryInput:
                    return AnswerSize.Infer(demos, size.Item1, size.Item2);
            }
        }
        return null;
    }

    /// <summary>The absolute 2D features asked for, each with its id range, in a fixed order (row, col, to-bottom, to-right, height, width).</summary>
    public IReadOnlyList<FeatureIds> AbsoluteIds(AbsoluteFeatures which)
    {
        var result = new List<FeatureIds>();
        if (which.HasFlag(AbsoluteFeatures.RowCol))
        {
            result.Add(new("row", Row, ContextLimits.AxisIds));
            result.Add(new("col", Col, ContextLimits.AxisIds));
        }
        if (which.HasFlag(AbsoluteFeatures.EdgeDistance))
        {
            result.Add(new("to_bottom", ToBottom, ContextLimits.AxisIds));
            result.Add(new("to_right", ToRight, ContextLimits.AxisIds));
        }
        if (which.HasFlag(AbsoluteFeatures.GridSize))
        {
            result.Add(new("height", GridHeight, ContextLimits.AxisIds));
            result.Add(new("width", GridWidth, ContextLimits.AxisIds));
        }
        return result;
    }

    /// <summary>A per-token array of this batch as an int64 tensor [B, L] (what embeddings and cross-entropy take).</summary>
    public Tensor ToTensor(int[] ids, Device? device = null)
    {
        if (ids.Length != Rows * Length) throw new ArgumentException($"expected {Rows * Length} ids (B·L), got {ids.Length}", nameof(ids));
        using var scope = NewDisposeScope();
        return tensor(ids, [Rows, Length]).to(ScalarType.Int64, device ?? CPU).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Block-diagonal attention mask, bool [B, L, L], true = may attend: token i attends to j when both belong to the
    /// same sequence. A padding token attends only to itself, so no row is all false: libtorch's fused attention returns
    /// zeros for such a row, but a written-out softmax returns NaN, which would then reach every token through 0·NaN in
    /// the next layer's attention product (measured here, libtorch 2.10 CPU).
    /// </summary>
    public Tensor Mask(Device? device = null)
    {
        // Filled here rather than with broadcast comparisons of segment ids: only the Σ length² true entries are
        // written (a memset per token), ~7× faster than broadcast eq/and/or over [B, L, L] in libtorch here (~45 ms for
        // B·L = 16k, L = 2048 on the loaded 2-core machine).
        long l = Length;
        var mask = new bool[Rows * l * l];
        foreach (var s in Segments)
            for (int i = 0; i < s.Length; i++)
                mask.AsSpan((int)((s.Row * l + s.Start + i) * l + s.Start), s.Length).Fill(true);
        for (int b = 0; b < Rows; b++)
            for (int i = 0; i < Length; i++)
                if (SegmentIds[b * Length + i] < 0) mask[(b * l + i) * l + i] = true;
        var cpu = tensor(mask, [Rows, l, l]); // [B, L, L]
        if (device is null || device.type == TorchSharp.DeviceType.CPU) return cpu;
        using (cpu) return cpu.to(device);
    }

    /// <summary>The predictions of one segment, from flat [B·L] predicted token ids (e.g. argmax of the logits).</summary>
    public ReadOnlySpan<int> SegmentTokens(ReadOnlySpan<int> predicted, int segment)
    {
        if (predicted.Length != Rows * Length) throw new ArgumentException($"expected {Rows * Length} predictions (B·L), got {predicted.Length}", nameof(predicted));
        var s = Segments[segment];
        return predicted.Slice(s.Row * Length + s.Start, s.Length);
    }
}
