using HrmSharp.Tests.Data;
using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using HrmSharp.Modeling.Layers;
using HrmSharp.Training;
using HrmSharp.Training.Context;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Encoding.Context;

/// <summary>
/// paired_agreement and paired_frame_shuffle: a demo-output cell is told, slot by slot, whether its own colour equals the
/// paired colour there, and training may put the 7 non-identity symmetries in a random order of slots per sequence.
/// </summary>
public sealed class PairedAgreementTests
{
    private static ArcTask RandomTask(int seed, int rows = 3, int cols = 4)
    {
        var rng = new Random(seed);
        Grid G() => TestTasks.RandomGrid(rng, rows, cols);
        return new ArcTask("t", [new Pair(G(), G()), new Pair(G(), G())], [new Pair(G(), null)]);
    }

    [Fact]
    public void DemoOutputCellsAgreeSlotBySlotWithTheirPairedColoursAndOtherCellsCarryNone()
    {
        var seq = new ContextEncoder().EncodeTests(RandomTask(1))[0];
        var batch = ContextBatch.Build([seq], new BatchPlan([[0]], seq.Length));
        int agrees = 0, differs = 0;
        for (int i = 0; i < seq.Length; i++)
            for (int k = 0; k < ContextBatch.PairedFrames; k++)
            {
                int at = i * ContextBatch.PairedFrames + k, agreement = batch.PairedAgreement[at];
                if ((GridRole)seq.Role[i] != GridRole.DemoOutput)
                {
                    Assert.Equal(ContextBatch.NoAgreement, agreement);
                    continue;
                }
                bool same = batch.PairedColours[at] == ContextVocabulary.ColourOf(seq.Tokens[i]) + 1;
                Assert.Equal(same ? ContextBatch.Agrees : ContextBatch.Differs, agreement);
                if (same) agrees++; else differs++;
            }
        Assert.True(agrees > 0 && differs > 0, $"random grids should give both: {agrees} agree, {differs} differ");
    }

    [Fact]
    public void AFrameOrderMovesEachSymmetrysColoursAndAgreementToItsSlot()
    {
        var seq = new ContextEncoder().EncodeTests(RandomTask(2, rows: 3, cols: 5))[0];
        int[] order = [0, 7, 3, 5, 1, 2, 6, 4];
        var fixedOrder = ContextBatch.Build([seq], new BatchPlan([[0]], seq.Length));
        var shuffled = ContextBatch.Build([seq with { FrameOrder = order }], new BatchPlan([[0]], seq.Length));
        for (int i = 0; i < seq.Length; i++)
            for (int j = 0; j < ContextBatch.PairedFrames; j++)
            {
                // The size-dependent maps after the symmetries keep their slots.
                int slot = i * ContextBatch.PairedFrames + j, source = i * ContextBatch.PairedFrames + (j < order.Length ? order[j] : j);
                Assert.Equal(fixedOrder.PairedColours[source], shuffled.PairedColours[slot]);
                Assert.Equal(fixedOrder.PairedAgreement[source], shuffled.PairedAgreement[slot]);
            }
        Assert.NotEqual(fixedOrder.PairedColours, shuffled.PairedColours);
    }

    [Fact]
    public void ShuffledTrainingSequencesKeepIdentityFirstVaryTheRestAndRepeatPerEpisode()
    {
        var families = HrmSharp.Data.Synthetic.FamilyCatalog.All.Where(f => f.MinSize <= 6).Take(4).ToList();
        ContextDataOptions Options(bool shuffle) => new()
        {
            Seed = 3, TokensPerBatch = 4096, SyntheticRatio = 0.5, SyntheticFamilies = families, SyntheticMaxSize = 6, FrameShuffle = shuffle ? 1 : 0,
        };
        var tasks = Enumerable.Range(0, 6).Select(i => RandomTask(i)).Select((t, i) => t with { Id = $"t{i}", Test = [new Pair(t.Test[0].Input, t.Train[0].Output)] }).ToList();
        var data = new ContextTrainingData(tasks, Options(true));
        var orders = new HashSet<string>();
        bool real = false, generated = false;
        for (long e = 0; e < 12; e++)
            foreach (var segment in data.Batch(e).Segments)
            {
                var order = segment.Sequence.FrameOrder ?? throw new Xunit.Sdk.XunitException("a shuffled sequence has no frame order");
                Assert.Equal(0, order[0]);
                Assert.Equal(Enumerable.Range(0, 8), order.Order());
                orders.Add(string.Join(",", order));
                if (segment.Sequence.TaskId.Contains('-')) generated = true; else real = true;
            }
        Assert.True(real && generated, "both real and generated batches should be shuffled");
        Assert.True(orders.Count > 5, $"only {orders.Count} distinct orders");

        var again = new ContextTrainingData(tasks, Options(true));
        foreach (long e in new long[] { 5, 0, 5 })
            Assert.Equal(data.Batch(e).PairedColours, again.Batch(e).PairedColours);

        var plain = new ContextTrainingData(tasks, Options(false));
        Assert.All(Enumerable.Range(0, 6).SelectMany(e => plain.Batch(e).Segments), s => Assert.Null(s.Sequence.FrameOrder));
        Assert.Equal(plain.Batch(2).Tokens, data.Batch(2).Tokens); // shuffling changes the features, never the data

        var half = new ContextTrainingData(tasks, Options(true) with { FrameShuffle = 0.5 });
        var segments = Enumerable.Range(0, 40).SelectMany(e => half.Batch(e).Segments).ToList();
        double shuffled = segments.Count(s => s.Sequence.FrameOrder is not null) / (double)segments.Count;
        Assert.InRange(shuffled, 0.3, 0.7);
    }

    [Fact]
    public void TheAgreementTableReachesOnlyDemoOutputCellsAndLearns()
    {
        using var scope = NewDisposeScope();
        var seq = new ContextEncoder().EncodeTests(RandomTask(4))[0];
        var features = ContextBatchTensors.ToActBatch(ContextBatch.Build([seq], new BatchPlan([[0]], seq.Length))).Context!;
        var tokens = randn([1, seq.Length, 32]);
        var config = new ModelConfig { HiddenSize = 32, Conditioning = Conditioning.Context, PairedColours = PairedColours.Dihedral, PairedAgreement = true };
        var without = new ContextEmbedding(config with { PairedAgreement = false }, 1.0, ScalarType.Float32, new Generator().manual_seed(7));
        var with = new ContextEmbedding(config, 1.0, ScalarType.Float32, new Generator().manual_seed(7));
        var table = with.named_parameters().Single(kv => kv.name.StartsWith("embed_agree.", StringComparison.Ordinal)).parameter;
        Assert.Equal([ContextEmbedding.SymmetryFrames * ContextEmbedding.AgreementIds, 32], table.shape); // dihedral: the 8 symmetries only
        Assert.DoesNotContain(without.named_parameters(), kv => kv.name.StartsWith("embed_agree.", StringComparison.Ordinal));

        // One more term: the shared part is rescaled from 1/√4 to 1/√5; what is left varies only on demo outputs.
        var extra = with.call(tokens, features)[0] - without.call(tokens, features)[0] * Math.Sqrt(4.0 / 5.0);
        var isDemoOutput = features.Role.eq((long)GridRole.DemoOutput)[0];
        var elsewhere = extra.index(isDemoOutput.logical_not());
        Assert.True((elsewhere - elsewhere[0]).abs().max().item<float>() < 1e-5, "tokens other than demo outputs got varying agreement embeddings");
        var onDemoOutputs = extra.index(isDemoOutput);
        Assert.True((onDemoOutputs - onDemoOutputs[0]).abs().max().item<float>() > 1e-2, "demo-output tokens got no agreement");
        with.call(tokens, features).square().sum().backward();
        Assert.True(table.grad is not null && table.grad.abs().sum().item<float>() > 0, "the agreement table got no gradient");
    }

    [Fact]
    public void AgreementAndShuffleNeedPairedColours()
    {
        Assert.Contains(new ModelConfig { Conditioning = Conditioning.Context, PairedAgreement = true }.Problems(),
            p => p.Contains("paired_agreement", StringComparison.Ordinal) && p.Contains("paired_colours", StringComparison.Ordinal));
        var config = new TrainConfig
        {
            Minutes = 1,
            Data = new DataConfig { PairedFrameShuffle = 1 },
            Model = new ModelConfig { Conditioning = Conditioning.Context, PairedColours = PairedColours.Same },
        };
        Assert.Contains(config.Problems(), p => p.Contains("data.paired_frame_shuffle", StringComparison.Ordinal) && p.Contains("dihedral", StringComparison.Ordinal));
        Assert.DoesNotContain((config with { Model = config.Model with { PairedColours = PairedColours.Dihedral } }).Problems(),
            p => p.Contains("paired_frame_shuffle", StringComparison.Ordinal));
        Assert.Contains((config with { Data = new DataConfig { PairedFrameShuffle = 1.5 } }).Problems(),
            p => p.Contains("data.paired_frame_shuffle must be in [0, 1]", StringComparison.Ordinal));
    }
}
