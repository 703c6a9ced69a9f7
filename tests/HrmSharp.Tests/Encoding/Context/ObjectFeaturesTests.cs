using HrmSharp.Data;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using HrmSharp.Modeling.Layers;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Encoding.Context;

/// <summary>object_features: every cell is told its object's size ranks, whether it is on the object's edge and whether
/// the object touches the grid's border; output cells get their paired input cell's.</summary>
public sealed class ObjectFeaturesTests
{
    private static int[] Features(string grid)
    {
        var g = Grid.Parse(grid);
        var colours = Enumerable.Range(0, g.Rows * g.Cols).Select(i => (int)g[i / g.Cols, i % g.Cols]).ToArray();
        var into = new int[g.Rows * g.Cols * ObjectFeatures.Count];
        ObjectFeatures.Compute(colours, g.Rows, g.Cols, into);
        return into;
    }

    private static int[] At(int[] features, int cols, int r, int c) => features.AsSpan((r * cols + c) * ObjectFeatures.Count, ObjectFeatures.Count).ToArray();

    [Fact]
    public void RanksEdgesAndBorderAreWorkedOutByHand()
    {
        // A 3x3 block of 1s (inside the grid), a 2-cell bar of 2s on the border, a single 3 and a single 4 (same size),
        // and the background 0.
        const string grid = "00000022|01110000|01110300|01110000|00000004";
        var f = Features(grid);
        const int cols = 8;
        Assert.Equal([1, 3, 2, 1], At(f, cols, 1, 1));  // largest, third from the smallest, edge, off the border
        Assert.Equal([1, 3, 1, 1], At(f, cols, 2, 2));  // the block's centre: inside
        Assert.Equal([2, 2, 2, 2], At(f, cols, 0, 6));  // the bar: second largest, touches the border
        Assert.Equal([3, 1, 2, 1], At(f, cols, 2, 5));  // the single 3: smallest size
        Assert.Equal([3, 1, 2, 2], At(f, cols, 4, 7));  // the single 4: the same size (a shared rank), on the border
        Assert.Equal([0, 0, 0, 0], At(f, cols, 0, 0));  // background
    }

    [Fact]
    public void SameColourCellsJoinOnlyThroughEdgesAndUnknownCellsAreNoObject()
    {
        var f = Features("10|01");
        Assert.Equal([1, 1, 2, 2], At(f, 2, 0, 0)); // two single cells touching diagonally: two objects of one size
        var colours = new[] { 5, -1, 5, 5 };
        var into = new int[4 * ObjectFeatures.Count];
        ObjectFeatures.Compute(colours, 2, 2, into);
        Assert.Equal([0, 0, 0, 0], At(into, 2, 0, 1));
        Assert.Equal(1, At(into, 2, 0, 0)[0]);
        var ex = Assert.Throws<ArgumentException>(() => ObjectFeatures.Compute(colours, 3, 3, into));
        Assert.Contains("3x3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InputCellsCarryTheirOwnAndOutputCellsTheirPairedInputCellsFeatures()
    {
        var input = Grid.Parse("110|000|022");
        var output = Grid.Parse("333|333|333");
        var query = Grid.Parse("0440|0000");
        var task = new ArcTask("t", [new Pair(input, output)], [new Pair(query, null)]);
        var seq = new ContextEncoder().EncodeTests(task)[0];
        var batch = ContextBatch.Build([seq], new BatchPlan([[0]], seq.Length));
        var own = Features("110|000|022");
        var ownQuery = Features("0440|0000");
        int checkedCells = 0;
        for (int i = 0; i < seq.Length; i++)
        {
            var got = batch.ObjectIds.AsSpan(i * ObjectFeatures.Count, ObjectFeatures.Count).ToArray();
            int r = seq.Row[i], c = seq.Col[i];
            switch ((GridRole)seq.Role[i])
            {
                case GridRole.DemoInput or GridRole.DemoOutput when r < 3 && c < 3:
                    Assert.Equal(At(own, 3, r, c), got);
                    checkedCells++;
                    break;
                case GridRole.QueryInput or GridRole.Canvas when r < 2 && c < 4:
                    Assert.Equal(At(ownQuery, 4, r, c), got);
                    checkedCells++;
                    break;
                default:
                    Assert.Equal([0, 0, 0, 0], got); // separators, canvas cells off the query input
                    break;
            }
        }
        Assert.True(checkedCells >= 9 + 9 + 8 + 8, $"{checkedCells} cells checked");
    }

    [Fact]
    public void TheObjectTableIsOneTermThatLearnsAndNeedsContext()
    {
        using var scope = NewDisposeScope();
        var task = new ArcTask("t", [new Pair(Grid.Parse("110|020"), Grid.Parse("220|010"))], [new Pair(Grid.Parse("101|000"), null)]);
        var seq = new ContextEncoder().EncodeTests(task)[0];
        var features = ContextBatchTensors.ToActBatch(ContextBatch.Build([seq], new BatchPlan([[0]], seq.Length))).Context!;
        var tokens = randn([1, seq.Length, 32]);
        var config = new ModelConfig { HiddenSize = 32, Conditioning = Conditioning.Context, ObjectFeatures = true };
        var without = new ContextEmbedding(config with { ObjectFeatures = false }, 1.0, ScalarType.Float32, new Generator().manual_seed(3));
        var with = new ContextEmbedding(config, 1.0, ScalarType.Float32, new Generator().manual_seed(3));
        var table = with.named_parameters().Single(kv => kv.name.StartsWith("embed_objects.", StringComparison.Ordinal)).parameter;
        Assert.Equal([ObjectFeatures.TableRows, 32], table.shape);
        var extra = with.call(tokens, features)[0] - without.call(tokens, features)[0] * Math.Sqrt(3.0 / 4.0);
        Assert.True((extra - extra[0]).abs().max().item<float>() > 1e-2, "no token got object features");
        with.call(tokens, features).square().sum().backward();
        Assert.True(table.grad is not null && table.grad.abs().sum().item<float>() > 0, "the object table got no gradient");
        Assert.Contains(new ModelConfig { ObjectFeatures = true }.Problems(), p => p.Contains("object_features", StringComparison.Ordinal));
    }
}
