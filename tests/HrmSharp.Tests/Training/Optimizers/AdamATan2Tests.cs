using HrmSharp.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Training.Optimizers;

public class AdamATan2Tests
{
    /// <summary>Independent scalar re-implementation of imbue-ai's update rule, in double.</summary>
    private sealed class ReferenceAdamATan2(int size, double beta1, double beta2, double weightDecay)
    {
        private readonly double[] _m = new double[size], _v = new double[size];
        public int Step { get; private set; }

        public void Apply(double[] p, double[] g, double lr)
        {
            Step++;
            double bc1 = 1 - Math.Pow(beta1, Step), bc2 = 1 - Math.Pow(beta2, Step);
            for (int i = 0; i < p.Length; i++)
            {
                p[i] *= 1 - lr * weightDecay;
                _m[i] = beta1 * _m[i] + (1 - beta1) * g[i];
                _v[i] = beta2 * _v[i] + (1 - beta2) * g[i] * g[i];
                p[i] -= lr / bc1 * Math.Atan2(_m[i], Math.Sqrt(_v[i]) / Math.Sqrt(bc2));
            }
        }
    }

    private static double[] RandomArray(Random rng, int n, double zeroShare = 0.2) =>
        [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() < zeroShare ? 0.0 : rng.NextDouble() * 4 - 2)];

    private static double[] Values(Tensor t) => t.detach().cpu().to(float64).data<double>().ToArray();

    private static Parameter Param(double[] values, long[] shape, ScalarType dtype) =>
        new(tensor(values, shape, dtype: dtype), requires_grad: true);

    [Theory]
    [InlineData(ScalarType.Float64, 1e-13)]
    [InlineData(ScalarType.Float32, 2e-6)]
    public void MatchesADoubleReferenceOverSeveralStepsWithGroupsDecayAndBiasCorrection(ScalarType dtype, double tolerance)
    {
        using var scope = NewDisposeScope();
        var rng = new Random(7);
        double[] a0 = RandomArray(rng, 12, 0), b0 = RandomArray(rng, 5, 0);
        var a = Param(a0, [3, 4], dtype);
        var b = Param(b0, [5], dtype);
        // Group b overrides the learning rate and weight decay; betas come from the defaults.
        using var opt = new AdamATan2(
            [new AdamATan2.ParamGroup([a]), new AdamATan2.ParamGroup([b], lr: 0.05, weightDecay: 0.3)],
            lr: 0.01, beta1: 0.9, beta2: 0.95, weightDecay: 0.1);
        var refA = new ReferenceAdamATan2(12, 0.9, 0.95, 0.1);
        var refB = new ReferenceAdamATan2(5, 0.9, 0.95, 0.3);
        double[] pa = [.. a0], pb = [.. b0];

        for (int step = 1; step <= 6; step++)
        {
            double[] ga = RandomArray(rng, 12), gb = RandomArray(rng, 5);
            ga[0] = 0;   // one element never sees a gradient: atan2(0, 0) = 0, so it only decays
            a.grad = tensor(ga, [3, 4], dtype: dtype);
            b.grad = tensor(gb, [5], dtype: dtype);
            // Vary the rate per step as the schedule does; groups keep their ratio.
            double scale = step / 6.0;
            opt.ParamGroups.First().LearningRate = 0.01 * scale;
            opt.ParamGroups.Last().LearningRate = 0.05 * scale;
            opt.step();
            opt.zero_grad();
            refA.Apply(pa, ga, 0.01 * scale);
            refB.Apply(pb, gb, 0.05 * scale);

            Close.All(pa, Values(a), tolerance);
            Close.All(pb, Values(b), tolerance);
        }
        Assert.All(opt.States, s => Assert.Equal(6, s.Step));
        Assert.NotEqual(a0[1], pa[1], 1e-3);   // the run moved the weights
    }

    [Fact]
    public void ParameterWithoutGradientIsLeftExactlyAsItWas()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(3);
        double[] b0 = RandomArray(rng, 4, 0);
        var a = Param(RandomArray(rng, 4, 0), [4], ScalarType.Float64);
        var b = Param(b0, [4], ScalarType.Float64);
        using var opt = new AdamATan2([a, b], lr: 0.1, beta1: 0.9, beta2: 0.99, weightDecay: 0.5);
        var refB = new ReferenceAdamATan2(4, 0.9, 0.99, 0.5);
        double[] pb = [.. b0];

        for (int step = 1; step <= 4; step++)
        {
            a.grad = tensor(RandomArray(rng, 4), [4], dtype: ScalarType.Float64);
            if (step % 2 == 1)
            {
                var gb = RandomArray(rng, 4);
                b.grad = tensor(gb, [4], dtype: ScalarType.Float64);
                refB.Apply(pb, gb, 0.1);
            }
            var before = Values(b);
            opt.step();
            if (step % 2 == 0)
                Assert.Equal(before, Values(b));   // no decay, no momentum step
            opt.zero_grad();
            Assert.Null(a.grad);
            Assert.Null(b.grad);
        }
        Close.All(pb, Values(b), 1e-13);
        Assert.Equal(new long[] { 4, 2 }, opt.States.Select(s => s.Step));
    }

    [Fact]
    public void SaveAfterKStepsLoadIntoAFreshOptimiserContinuesBitwiseIdentically()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(11);
        double[] w0 = RandomArray(rng, 6 * 3, 0), b0 = RandomArray(rng, 3, 0);
        var x = tensor(RandomArray(rng, 8 * 6, 0), [8, 6], dtype: ScalarType.Float32);
        var y = tensor(RandomArray(rng, 8 * 3, 0), [8, 3], dtype: ScalarType.Float32);
        const int k = 3, total = 7;

        (Parameter W, Parameter B) Fresh(double[] w, double[] b) => (Param(w, [6, 3], ScalarType.Float32), Param(b, [3], ScalarType.Float32));
        void TrainStep(AdamATan2 opt, Parameter w, Parameter b, int step)
        {
            opt.SetLearningRate(0.02 * step / total);
            using var s = NewDisposeScope();
            (x.matmul(w) + b - y).pow(2).mean().backward();
            opt.step();
            opt.zero_grad();
        }

        // Uninterrupted run.
        var (wA, bA) = Fresh(w0, b0);
        using var optA = new AdamATan2([wA, bA], lr: 0, beta1: 0.9, beta2: 0.95, weightDecay: 0.1);
        for (int step = 1; step <= total; step++)
            TrainStep(optA, wA, bA, step);

        // Interrupted: k steps, save weights and optimiser state, rebuild everything, load, continue.
        var (wB, bB) = Fresh(w0, b0);
        var optB = new AdamATan2([wB, bB], lr: 0, beta1: 0.9, beta2: 0.95, weightDecay: 0.1);
        for (int step = 1; step <= k; step++)
            TrainStep(optB, wB, bB, step);
        using var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
            optB.save_state_dict(writer);
        double[] wSaved = Values(wB), bSaved = Values(bB);
        optB.Dispose();

        var (wC, bC) = Fresh(wSaved, bSaved);
        using var optC = new AdamATan2([wC, bC], lr: 0, beta1: 0.9, beta2: 0.95, weightDecay: 0.1);
        saved.Position = 0;
        using (var reader = new BinaryReader(saved))
            optC.load_state_dict(reader);
        Assert.Equal(new long[] { k, k }, optC.States.Select(s => s.Step));
        for (int step = k + 1; step <= total; step++)
            TrainStep(optC, wC, bC, step);

        Assert.True(wA.Equals(wC));
        Assert.True(bA.Equals(bC));
        Assert.True(optA.States.Zip(optC.States).All(p => p.First.ExpAvg.Equals(p.Second.ExpAvg)
            && p.First.ExpAvgSq.Equals(p.Second.ExpAvgSq) && p.First.Step == p.Second.Step));
        Assert.False(wA.Equals(tensor(w0, [6, 3], dtype: ScalarType.Float32)));
    }

    [Fact]
    public void LoadingAnotherOptimisersStateIsRefused()
    {
        using var scope = NewDisposeScope();
        var p = Param([1, 2], [2], ScalarType.Float32);
        using var adamw = optim.AdamW([p]);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            adamw.save_state_dict(writer);
        stream.Position = 0;
        using var opt = new AdamATan2([p]);
        var error = Assert.Throws<InvalidDataException>(() => opt.load_state_dict(new BinaryReader(stream)));
        Assert.Contains("AdamW", error.Message);
    }

    [Fact]
    public void DefaultsAreThePackagesAndInvalidHyperParametersAreRejected()
    {
        using var scope = NewDisposeScope();
        var p = Param([1], [1], ScalarType.Float32);
        using var opt = new AdamATan2([p]);
        var options = (AdamATan2.Options)opt.ParamGroups.Cast<TorchSharp.Modules.ParamGroup>().Single().Options;
        Assert.Equal((1e-3, 0.9, 0.999, 1e-2), (options.LearningRate!.Value, options.beta1!.Value, options.beta2!.Value, options.weight_decay!.Value));
        Assert.Throws<ArgumentException>(() => new AdamATan2([p], lr: -1));
        Assert.Throws<ArgumentException>(() => new AdamATan2([p], beta2: 1.0));
        Assert.Throws<ArgumentException>(() => new AdamATan2([p], weightDecay: double.NaN));
    }
}
