using static TorchSharp.torch;

namespace HrmSharp.Modeling.Layers;

/// <summary>
/// In-context conditioning's per-token features, added to the token embedding: a learned (grid index, role) embedding
/// so grids are told apart (rotary positions repeat in every grid), and optionally absolute 2D features — row, column,
/// distance to the grid's bottom and right edges, and the grid's height and width — because mirror, rotation and shift
/// rules need a cell's absolute place and its grid's size, which relative rotary positions cannot give.
/// Each table starts at the token embedding's scale; the sum is divided by √(number of terms) to keep unit variance.
/// With abs_features_init zero the absolute tables start at zero (drawn, then zeroed, so every other init draw is
/// unchanged) and do not count as terms: at initialisation the embedding is exactly the one without them.
/// abs_features_lr_scale f stores the absolute tables at 1/f times their scale and reads them times f: the same function,
/// but Adam-type steps (about lr per entry whatever the gradient) move them f times as fast.
/// With paired_colours, output cells also embed their paired input's colour at the same place, at each of the 8
/// symmetric places, at those and the 6 size-dependent maps', or at those and the 2 translations' (one table per map;
/// their sum over maps is divided by √maps and counts as one term).
/// With paired_agreement, each symmetry also has a (not a demo output, agrees, differs) table read with the cell's
/// agreement between its own colour and that symmetry's paired colour (summed, scaled and counted the same way).
/// With object_features, one table holds the ids of the 4 object features (size ranks, edge, border), summed over the
/// features, divided by √4 and counted as one term. With size_hint, canvas cells add one of 4 rows (not the canvas,
/// inside the implied answer size, beyond it, unknown), one term. With map_candidates, canvas cells read each map's
/// (candidate colour, agreement bucket) id from one table shared by the maps, summed, divided by √maps, one term.
/// </summary>
public sealed class ContextEmbedding : nn.Module<Tensor, ContextFeatures, Tensor>
{
    public const int MaxGrids = 32;  // 15 demos + query + canvas (Encoding.Context.ContextLimits.MaxGrids)
    public const int Roles = 4;      // demo input, demo output, query input, answer canvas
    public const int Axis = 30;      // ids 0..29 for rows, columns, edge distances, sizes − 1
    public const int SymmetryFrames = 8; // symmetries first in ContextFeatures.Paired (Encoding.Context.ContextBatch.SymmetryFrames)
    public const int MappedFrames = 6;   // size-dependent maps after them (Encoding.Context.ContextBatch.MappedFrames)
    public const int PairedFrames = 16;  // maps per token in ContextFeatures.Paired (Encoding.Context.ContextBatch.PairedFrames)
    public const int SizeHintIds = 4;    // not the canvas, inside, beyond, unknown (Encoding.Context.ContextBatch.SizeHint)
    public const int PairedIds = 11;    // none and the 10 colours per symmetry (Encoding.Context.ContextBatch.PairedIds)
    public const int AgreementIds = 3;  // not a demo output, agrees, differs (Encoding.Context.ContextBatch.PairedAgreement)

    private readonly CastedEmbedding embed_grid;  // [MaxGrids, hidden]
    private readonly CastedEmbedding embed_role;  // [Roles, hidden]
    private readonly CastedEmbedding? embed_row;  // [Axis, hidden] ... absolute features
    private readonly CastedEmbedding? embed_col;
    private readonly CastedEmbedding? embed_to_bottom;
    private readonly CastedEmbedding? embed_to_right;
    private readonly CastedEmbedding? embed_height;
    private readonly CastedEmbedding? embed_width;
    private readonly CastedEmbedding? embed_paired; // [frames · 11, hidden]: per map, none and the 10 colours
    private readonly CastedEmbedding? embed_agree;  // [frames · 3, hidden]: per map, not a demo output / agrees / differs
    private readonly CastedEmbedding? embed_objects; // [18, hidden]: the object features' ids one after the other
    private readonly CastedEmbedding? embed_size;    // [4, hidden]: the canvas cell's size hint
    private readonly CastedEmbedding? embed_candidates; // [56, hidden]: none, or (candidate id, agreement bucket), shared by every map
    private readonly int _frames;                   // maps read from ContextFeatures.Paired (1, 8, 14 or 16; 0 = off)
    private readonly double _scale;
    private readonly double _absRead; // abs_features_lr_scale

    public ContextEmbedding(ModelConfig config, double initStd, ScalarType dtype, Generator? generator) : base(nameof(ContextEmbedding))
    {
        int hidden = config.HiddenSize;
        embed_grid = new CastedEmbedding(MaxGrids, hidden, initStd, dtype, generator);
        embed_role = new CastedEmbedding(Roles, hidden, initStd, dtype, generator);
        int terms = 3; // token + grid + role
        if (config.AbsFeatures)
        {
            _absRead = config.AbsFeaturesLrScale;
            double absStd = initStd / _absRead;
            var wanted = config.AbsFeatureTables();
            CastedEmbedding? Table(string name) => wanted.Contains(name) ? new CastedEmbedding(Axis, hidden, absStd, dtype, generator) : null;
            embed_row = Table("row");
            embed_col = Table("col");
            embed_to_bottom = Table("to_bottom");
            embed_to_right = Table("to_right");
            embed_height = Table("height");
            embed_width = Table("width");
            if (config.AbsFeaturesInit == AbsFeaturesInit.Zero)
            {
                using var noGrad = no_grad();
                foreach (var table in AbsTables())
                    table.Weight.fill_(0); // not zero_(): in TorchSharp 0.107 it returns a second handle that lives on
            }
            else
            {
                terms += AbsTables().Count();
            }
        }
        _frames = config.PairedColours switch
        {
            PairedColours.Same => 1,
            PairedColours.Dihedral => SymmetryFrames,
            PairedColours.Mapped => SymmetryFrames + MappedFrames,
            PairedColours.Translated => PairedFrames,
            _ => 0,
        };
        // Each feature table that is on is one more term of the sum; made in this order, so a seed gives the same weights.
        CastedEmbedding? Feature(bool on, int rows)
        {
            if (!on) return null;
            terms += 1;
            return new CastedEmbedding(rows, hidden, initStd, dtype, generator);
        }
        bool paired = _frames > 0;
        embed_paired = Feature(paired, _frames * PairedIds);
        embed_candidates = Feature(paired && config.MapCandidates, Encoding.Context.ContextBatch.CandidateIdCount);
        embed_agree = Feature(paired && config.PairedAgreement, _frames * AgreementIds);
        embed_objects = Feature(config.ObjectFeatures, Encoding.Context.ObjectFeatures.TableRows);
        embed_size = Feature(config.SizeHint, SizeHintIds);
        _scale = 1.0 / Math.Sqrt(terms);
        RegisterComponents();
    }

    private IEnumerable<CastedEmbedding> AbsTables() =>
        new[] { embed_row, embed_col, embed_to_bottom, embed_to_right, embed_height, embed_width }.OfType<CastedEmbedding>();

    /// <param name="tokens">The token embedding [B, S, hidden] (unscaled).</param>
    public override Tensor forward(Tensor tokens, ContextFeatures f)
    {
        using var scope = NewDisposeScope();
        var sum = tokens + embed_grid.call(f.GridIndex) + embed_role.call(f.Role);
        Tensor? abs = null;
        foreach (var (table, ids) in new[] { (embed_row, f.Row), (embed_col, f.Col), (embed_to_bottom, f.ToBottom),
                                             (embed_to_right, f.ToRight), (embed_height, f.GridHeight), (embed_width, f.GridWidth) })
            if (table is not null)
                abs = abs is null ? table.call(ids) : abs + table.call(ids);
        if (abs is not null)
            sum = sum + (_absRead == 1 ? abs : abs * _absRead);
        if (embed_paired is not null)
        {
            // Symmetry k's ids move to rows k·11.. of the one table; [B, S, frames] -> [B, S, frames, hidden] -> sum.
            var offsets = arange(0, _frames * PairedIds, PairedIds, ScalarType.Int64, device: f.Paired.device);
            var ids = f.Paired.narrow(-1, 0, _frames) + offsets;
            sum = sum + embed_paired.call(ids).sum(-2) * (1.0 / Math.Sqrt(_frames));
            if (embed_agree is not null)
            {
                var agreeOffsets = arange(0, _frames * AgreementIds, AgreementIds, ScalarType.Int64, device: f.Agreement.device);
                sum = sum + embed_agree.call(f.Agreement.narrow(-1, 0, _frames) + agreeOffsets).sum(-2) * (1.0 / Math.Sqrt(_frames));
            }
            if (embed_candidates is not null)
                sum = sum + embed_candidates.call(f.Candidates.narrow(-1, 0, _frames)).sum(-2) * (1.0 / Math.Sqrt(_frames));
        }
        if (embed_objects is not null)
        {
            var offsets = tensor(Encoding.Context.ObjectFeatures.Offsets.ToArray().Select(o => (long)o).ToArray(), device: f.Objects.device);
            sum = sum + embed_objects.call(f.Objects + offsets).sum(-2) * (1.0 / Math.Sqrt(Encoding.Context.ObjectFeatures.Count));
        }
        if (embed_size is not null)
            sum = sum + embed_size.call(f.SizeHint);
        return (sum * _scale).MoveToOuterDisposeScope();
    }
}
