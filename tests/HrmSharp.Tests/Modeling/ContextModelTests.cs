using HrmSharp.Tests.Modeling.Oracle;
using HrmSharp.Tests.Data;
using HrmSharp.Augmentation;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using HrmSharp.Modeling.Layers;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Modeling;

/// <summary>The model in context conditioning: whole tasks in the sequence, 2D positions, packed rows kept apart.</summary>
public sealed class ContextModelTests
{
    private static ModelConfig Config(PosEncoding pos = PosEncoding.Rope2d, bool abs = true) =>
        TinyModels.InContext(pos) with { AbsFeatures = abs, LCycles = 2, HaltMaxSteps = 2 };

    private static ArcTask RandomTask(Random rng, string id, int demos) => TestTasks.RandomTask(rng, id, demos, maxSide: 5);

    private static ContextBatch Batch(IReadOnlyList<ContextSequence> seqs, params int[][] rows) =>
        ContextBatch.Build(seqs, new BatchPlan(rows, rows.Max(r => r.Sum(i => seqs[i].Length))));

    /// <summary>Random token embeddings [1, S, 32] and the in-context features of one random task's test sequence.</summary>
    private static (Tensor Tokens, ContextFeatures Features) EmbeddingInputs(int seed)
    {
        var seqs = new ContextEncoder().EncodeTests(RandomTask(new Random(seed), "e", 3));
        var batch = ContextBatchTensors.ToActBatch(Batch(seqs, [0]));
        return (randn([1, batch.Inputs.shape[1], 32]), batch.Context!);
    }

    /// <summary>A context embedding drawn from a fixed seed, so two configs share every draw they have in common.</summary>
    private static ContextEmbedding SeededEmbedding(ModelConfig config) => new(config, 1.0, ScalarType.Float32, new Generator().manual_seed(7));

    private static TorchSharp.Modules.Parameter RowTable(ContextEmbedding e) =>
        e.named_parameters().Single(kv => kv.name.StartsWith("embed_row.", StringComparison.Ordinal)).parameter;

    [Theory]
    [InlineData(PosEncoding.Rope2d)]
    [InlineData(PosEncoding.Rope)]
    [InlineData(PosEncoding.Learned)]
    public void PackedSequencesGiveTheSameLogitsAsEachSequenceAlone(PosEncoding pos)
    {
        using var scope = NewDisposeScope();
        var rng = new Random(4);
        var encoder = new ContextEncoder();
        var seqs = new[] { RandomTask(rng, "a", 2), RandomTask(rng, "b", 3) }.SelectMany(t => encoder.EncodeTests(t)).ToList();
        using var model = new ActModel(Config(pos), seed: 1);
        model.eval();
        using var _ = no_grad();

        Tensor Logits(ContextBatch b)
        {
            var batch = ContextBatchTensors.ToActBatch(b);
            var r = model.call(model.InitialCarry(batch), batch);
            return r.Outputs.Logits;
        }
        var packed = Logits(Batch(seqs, [0, 1]));               // one row: a then b, block-diagonal mask
        var alone0 = Logits(Batch(seqs, [0]));
        var alone1 = Logits(Batch(seqs, [1]));
        int l0 = seqs[0].Length, l1 = seqs[1].Length;
        Assert.True(packed[0, ..l0].allclose(alone0[0], rtol: 1e-4, atol: 1e-4), "first sequence changed when packed");
        Assert.True(packed[0, l0..(l0 + l1)].allclose(alone1[0], rtol: 1e-4, atol: 1e-4), "second sequence saw the first");
    }

    [Fact]
    public void Rope2dTablesMatchTheEncoderLayersTables()
    {
        using var scope = NewDisposeScope();
        int[] rows = [0, 3, 7, 29, 12], cols = [5, 0, 29, 1, 12];
        var (cos, sin) = RotaryEmbedding.Tables2D(tensor(rows), tensor(cols), 16, 10000);
        var (refCos, refSin) = Rope2D.Tables(rows, cols, 16);
        Assert.True(cos.allclose(refCos, atol: 1e-5) && sin.allclose(refSin, atol: 1e-5));
    }

    [Fact]
    public void Rope2dMakesAttentionScoresDependOnlyOnTheGridOffset()
    {
        using var scope = NewDisposeScope();
        var q = randn(1, 1, 1, 16).expand(1, 4, 1, 16);
        var k = randn(1, 1, 1, 16).expand(1, 4, 1, 16);
        // Four (row, col) positions: pairs (0,1) and (2,3) have the same offset (+2, −1) at different places.
        var (cos, sin) = RotaryEmbedding.Tables2D(tensor(new[] { 1, 3, 10, 12 }), tensor(new[] { 4, 3, 20, 19 }), 16, 10000);
        var (qr, kr) = RotaryEmbedding.Apply(q, k, cos, sin);
        float Score(int i, int j) => (qr[0, i, 0] * kr[0, j, 0]).sum().item<float>();
        Assert.Equal(Score(0, 1), Score(2, 3), 3);
        Assert.NotEqual(Score(0, 1), Score(0, 3), 3);
    }

    [Fact]
    public void OneTrainingSegmentReachesEveryContextEmbedding()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(9);
        var encoder = new ContextEncoder();
        var task = RandomTask(rng, "t", 3);
        var seqs = encoder.LeaveOneOut(task, includeTests: true, TaskAugmentation.Identity);
        var batch = ContextBatchTensors.ToActBatch(ContextBatch.Build(seqs, BatchPlanner.Plan(seqs.Select(s => s.Length).ToList(), new BatchingOptions { Pack = false }, 0)[0]));
        using var model = new ActModel(Config(), seed: 2);
        model.train();
        var head = new ActLossHead(model);
        var r = head.Forward(head.InitialCarry(batch), batch);
        Assert.True(double.IsFinite(r.Loss.to(ScalarType.Float64).item<double>()));
        r.Loss.backward();
        foreach (var name in new[] { "embed_grid", "embed_role", "embed_row", "embed_col", "embed_to_bottom", "embed_to_right", "embed_height", "embed_width" })
        {
            var p = model.named_parameters().Single(kv => kv.name.Contains(name + ".", StringComparison.Ordinal)).parameter;
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} got no gradient");
        }
        Assert.DoesNotContain(model.named_parameters(), kv => kv.name.Contains("puzzle_emb", StringComparison.Ordinal));
    }

    [Fact]
    public void ZeroInitialisedAbsoluteFeaturesStartAsTheEmbeddingWithoutThemAndStillLearn()
    {
        using var scope = NewDisposeScope();
        var (tokens, features) = EmbeddingInputs(seed: 5);
        var without = SeededEmbedding(Config(abs: false)).call(tokens, features);
        var normal = SeededEmbedding(Config(abs: true)).call(tokens, features);
        var zeroInit = SeededEmbedding(Config(abs: true) with { AbsFeaturesInit = AbsFeaturesInit.Zero });
        var zero = zeroInit.call(tokens, features);
        Assert.True(zero.allclose(without, rtol: 0, atol: 1e-6), "zero-initialised absolute features changed the embedding");
        Assert.False(normal.allclose(without, rtol: 1e-3, atol: 1e-3), "normally initialised absolute features changed nothing");
        zero.square().sum().backward();
        var row = RowTable(zeroInit);
        Assert.True(row.grad is not null && row.grad.abs().sum().item<float>() > 0, "zero-initialised row table got no gradient");
    }

    [Fact]
    public void AbsoluteFeatureLrScaleKeepsTheFunctionAndShrinksAdamSteps()
    {
        using var scope = NewDisposeScope();
        var (tokens, features) = EmbeddingInputs(seed: 6);
        var plain = SeededEmbedding(Config() with { AbsFeaturesLrScale = 1 });
        var scaled = SeededEmbedding(Config() with { AbsFeaturesLrScale = 0.1 });
        Assert.True(scaled.call(tokens, features).allclose(plain.call(tokens, features), rtol: 1e-4, atol: 1e-5),
            "abs_features_lr_scale changed the embedding at initialisation");

        // One Adam step (sign-like at the first step) on each: the scaled model's output moves about a tenth as far.
        double Moved(ContextEmbedding e)
        {
            var before = e.call(tokens, features).detach();
            var adam = optim.Adam([RowTable(e)], lr: 1e-2);
            e.call(tokens, features).square().sum().backward();
            adam.step();
            return (e.call(tokens, features) - before).abs().max().item<float>();
        }
        double ratio = Moved(scaled) / Moved(plain);
        Assert.InRange(ratio, 0.05, 0.2);
        Assert.Contains((Config() with { AbsFeaturesLrScale = 0 }).Problems(), p => p.Contains("abs_features_lr_scale", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PairedColours.Same, 1)]
    [InlineData(PairedColours.Dihedral, 8)]
    [InlineData(PairedColours.Mapped, 14)]
    [InlineData(PairedColours.Translated, 16)]
    public void PairedColoursReachOnlyOutputCellsAndLearn(PairedColours paired, int frames)
    {
        using var scope = NewDisposeScope();
        var (tokens, features) = EmbeddingInputs(seed: 8);
        var embedding = SeededEmbedding(Config(abs: false) with { PairedColours = paired });
        var table = embedding.named_parameters().Single(kv => kv.name.StartsWith("embed_paired.", StringComparison.Ordinal)).parameter;
        Assert.Equal([frames * ContextBatch.PairedIds, 32], table.shape);
        Assert.Equal((ContextBatch.SymmetryFrames, ContextBatch.MappedFrames, ContextBatch.PairedFrames, ContextBatch.PairedIds),
            (ContextEmbedding.SymmetryFrames, ContextEmbedding.MappedFrames, ContextEmbedding.PairedFrames, ContextEmbedding.PairedIds));
        var plain = SeededEmbedding(Config(abs: false)).call(tokens, features);
        var withPaired = embedding.call(tokens, features);
        // Input-role tokens see only the constant "none" rows; output-role tokens see their paired colours, so the
        // difference to the plain embedding is one vector on all inputs and varies over the outputs.
        var isOutput = features.Role.eq((long)GridRole.DemoOutput).logical_or(features.Role.eq((long)GridRole.Canvas))[0]; // [S]
        var extra = withPaired[0] - plain[0] * Math.Sqrt(3.0 / 4.0); // the plain sum is scaled by 1/√3, the paired one by 1/√4
        var onInputs = extra.index(isOutput.logical_not());
        Assert.True((onInputs - onInputs[0]).abs().max().item<float>() < 1e-5, "input-role tokens got varying paired embeddings");
        var onOutputs = extra.index(isOutput);
        Assert.True((onOutputs - onOutputs[0]).abs().max().item<float>() > 1e-2, "output-role tokens got no paired colours");
        withPaired.square().sum().backward();
        Assert.True(table.grad is not null && table.grad.abs().sum().item<float>() > 0, "the paired table got no gradient");
    }

    [Fact]
    public void AbsoluteFeatureTablesCanBeChosenOneByOne()
    {
        using var scope = NewDisposeScope();
        using var model = new ActModel(Config() with { AbsFeaturesTables = "row, col" }, seed: 3);
        var names = model.named_parameters().Select(kv => kv.name).Where(n => n.Contains("context_emb.embed_", StringComparison.Ordinal)).ToList();
        Assert.Contains(names, n => n.Contains("embed_row.", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("embed_col.", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains("embed_height", StringComparison.Ordinal) || n.Contains("embed_to_bottom", StringComparison.Ordinal));
        var seqs = new ContextEncoder().EncodeTests(RandomTask(new Random(2), "r", 2));
        var batch = ContextBatchTensors.ToActBatch(Batch(seqs, [0]));
        using (no_grad())
            Assert.True(model.call(model.InitialCarry(batch), batch).Outputs.Logits.isfinite().all().item<bool>());
        Assert.Contains((Config() with { AbsFeaturesTables = "row,diagonal" }).Problems(), p => p.Contains("diagonal", StringComparison.Ordinal));
        Assert.Contains((Config() with { AbsFeaturesTables = " , " }).Problems(), p => p.Contains("abs_features_tables is empty", StringComparison.Ordinal));
        Assert.Empty((Config() with { AbsFeatures = false, AbsFeaturesTables = "" }).Problems());
    }

    [Fact]
    public void ConfigRejectsPuzzleIdsInContextModeAndRope2dWithoutIt()
    {
        var bad = Config() with { PuzzleEmbNdim = 32 };
        Assert.Contains(bad.Problems(), p => p.Contains("puzzle_emb_ndim", StringComparison.Ordinal));
        var bad2 = Config() with { Conditioning = Conditioning.PuzzleId };
        Assert.Contains(bad2.Problems(), p => p.Contains("rope2d needs conditioning context", StringComparison.Ordinal));
        var json = Config().ToJson();
        Assert.Contains("\"abs_features_init\": \"normal\"", json);
        Assert.Equal(AbsFeaturesInit.Zero, ModelConfig.FromJson(json.Replace("\"normal\"", "\"zero\"", StringComparison.Ordinal)).AbsFeaturesInit);
        Assert.Contains("\"conditioning\": \"context\"", json);
        Assert.Contains("\"pos_encodings\": \"rope2d\"", json);
        Assert.Equal(Config(), ModelConfig.FromJson(json));
    }

    [Fact]
    public void RotaryModelsTakeSequencesLongerThanSeqLenButLearnedPositionsRefuse()
    {
        using var scope = NewDisposeScope();
        var seqs = new ContextEncoder().EncodeTests(RandomTask(new Random(3), "long", 3));
        var batch = ContextBatchTensors.ToActBatch(Batch(seqs, [0]));
        Assert.True(batch.Inputs.shape[1] > 16);
        using (var rotary = new ActModel(Config() with { SeqLen = 16 }))
        using (no_grad())
            Assert.Equal(batch.Inputs.shape[1], rotary.call(rotary.InitialCarry(batch), batch).Outputs.Logits.shape[1]);
        using var learned = new ActModel(Config(PosEncoding.Learned) with { SeqLen = 16 });
        using var _ = no_grad();
        var ex = Assert.Throws<HrmException>(() => learned.call(learned.InitialCarry(batch), batch));
        Assert.Contains("learned positions", ex.Message);
    }
}
