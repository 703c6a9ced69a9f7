using HrmSharp.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Training.Optimizers;

public class OptimizerFactoryTests
{
    private static readonly AdamSettings Settings = new(LearningRate: 0.01, Beta1: 0.8, Beta2: 0.9, WeightDecay: 0.2, Epsilon: 1e-3);

    [Fact]
    public void AdamWGetsOurSettingsInTheRightPlaces()
    {
        // One step against PyTorch's AdamW formula in double: a swapped beta, ε or decay would show.
        using var scope = NewDisposeScope();
        double[] p0 = [0.5, -1.5, 2.0], g = [0.3, -0.02, 0.0];
        var p = new Parameter(tensor(p0, dtype: ScalarType.Float64), requires_grad: true);
        using var opt = OptimizerFactory.Create(OptimizerKind.AdamW, [p], Settings);
        Assert.IsType<AdamW>(opt);
        p.grad = tensor(g, dtype: ScalarType.Float64);
        opt.step();

        double[] expected = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double m = (1 - 0.8) * g[i], v = (1 - 0.9) * g[i] * g[i];
            double denom = Math.Sqrt(v) / Math.Sqrt(1 - 0.9) + 1e-3;
            expected[i] = p0[i] * (1 - 0.01 * 0.2) - 0.01 / (1 - 0.8) * m / denom;
        }
        Close.All(expected, p.data<double>().ToArray(), 1e-14);
    }

    [Fact]
    public void AdamATan2KindBuildsOurOptimiser()
    {
        using var scope = NewDisposeScope();
        var p = new Parameter(zeros(2), requires_grad: true);
        using var opt = OptimizerFactory.Create(OptimizerKind.AdamATan2, [p], Settings);
        var options = (AdamATan2.Options)((AdamATan2)opt).ParamGroups.Cast<TorchSharp.Modules.ParamGroup>().Single().Options;
        Assert.Equal((0.01, 0.8, 0.9, 0.2), (options.LearningRate!.Value, options.beta1!.Value, options.beta2!.Value, options.weight_decay!.Value));
    }

    [Theory]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.AdamATan2)]
    public void StateRoundTripResumesExactly(OptimizerKind kind)
    {
        using var scope = NewDisposeScope();
        var rng = new Random(5);
        float[] Random(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
        float[] w0 = Random(4 * 2);
        var x = tensor(Random(16 * 4), [16, 4]);
        var y = tensor(Random(16 * 2), [16, 2]);
        const int k = 4, total = 9;

        void Train(OptimizerHelper opt, Parameter w, int from, int to)
        {
            for (int step = from; step <= to; step++)
            {
                using var s = NewDisposeScope();
                opt.SetLearningRate(0.05 * Math.Min(1.0, step / 3.0));
                (x.matmul(w) - y).pow(2).mean().backward();
                opt.step();
                opt.zero_grad();
            }
        }

        var wA = new Parameter(tensor(w0, [4, 2]), requires_grad: true);
        using var optA = OptimizerFactory.Create(kind, [wA], Settings);
        Train(optA, wA, 1, total);

        var wB = new Parameter(tensor(w0, [4, 2]), requires_grad: true);
        using var stream = new MemoryStream();
        Tensor wSaved;
        using (var optB = OptimizerFactory.Create(kind, [wB], Settings))
        {
            Train(optB, wB, 1, k);
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            optB.save_state_dict(writer);
            wSaved = wB.detach().clone();
        }

        var wC = new Parameter(wSaved, requires_grad: true);
        using var optC = OptimizerFactory.Create(kind, [wC], Settings with { LearningRate = 123 });
        stream.Position = 0;
        optC.load_state_dict(new BinaryReader(stream));
        Assert.Equal(0.05, optC.ParamGroups.Single().LearningRate);   // the saved rate, not the 123 it was built with
        Train(optC, wC, k + 1, total);

        Assert.True(wA.Equals(wC), "resumed run differs from the uninterrupted one");
        Assert.False(wA.Equals(tensor(w0, [4, 2])));
    }
}
