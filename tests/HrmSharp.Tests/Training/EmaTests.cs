using HrmSharp.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Training;

public class EmaTests
{
    /// <summary>Nested names ("proj.weight"), a top-level parameter and a frozen one.</summary>
    private sealed class Tiny : nn.Module<Tensor, Tensor>
    {
        public readonly Linear proj;
        public readonly Parameter scale;
        public readonly Parameter frozen;

        public Tiny() : base(nameof(Tiny))
        {
            proj = nn.Linear(3, 2);
            scale = new Parameter(ones(2));
            frozen = new Parameter(ones(2), requires_grad: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => proj.forward(x) * scale + frozen;
    }

    private static void Fill(nn.Module module, Random rng)
    {
        using var noGrad = no_grad();
        foreach (var (_, p) in module.named_parameters())
            p.copy_(tensor(Enumerable.Range(0, (int)p.numel()).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray()).reshape(p.shape));
    }

    private static Dictionary<string, double[]> Snapshot(nn.Module module) =>
        module.named_parameters().ToDictionary(np => np.name, np => np.parameter.detach().to(float64).data<double>().ToArray());

    [Fact]
    public void AfterKUpdatesEqualsTheClosedForm()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(1);
        var model = new Tiny();
        Fill(model, rng);
        const double mu = 0.9;
        using var ema = new Ema(model, mu);
        Assert.Equal(model.named_parameters().Where(np => np.parameter.requires_grad).Select(np => np.name), ema.Names);
        Assert.Equal(["proj.bias", "proj.weight", "scale"], ema.Names.Order());

        // s_k = mu^k·p_0 + (1 − mu)·Σ_i mu^(k−i)·p_i
        var expected = Snapshot(model).ToDictionary(kv => kv.Key, kv => kv.Value.Select(v => v * Math.Pow(mu, 5)).ToArray());
        for (int i = 1; i <= 5; i++)
        {
            Fill(model, rng);
            ema.Update(model);
            foreach (var (name, values) in Snapshot(model))
                if (expected.TryGetValue(name, out var e))
                    for (int j = 0; j < e.Length; j++)
                        e[j] += (1 - mu) * Math.Pow(mu, 5 - i) * values[j];
        }
        foreach (var (name, shadow) in ema.StateTensors())
            Close.All(expected[name], shadow.to(float64).data<double>().ToArray(), 1e-6);
        Assert.DoesNotContain("frozen", ema.StateTensors().Keys);
        Assert.Equal(0.999, new Ema(model).Decay);
    }

    [Fact]
    public void SwapEvaluatesWithTheAverageAndRestoresTheLiveWeightsExactly()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(2);
        var model = new Tiny();
        Fill(model, rng);
        using var ema = new Ema(model, 0.5);
        Fill(model, rng);
        ema.Update(model);
        Fill(model, rng);
        var live = Snapshot(model);
        var x = ones(1, 3);
        var liveOut = model.forward(x).detach().clone();

        using (ema.Swap(model))
        {
            foreach (var (name, shadow) in ema.StateTensors())
                Assert.Equal(shadow.data<float>().ToArray(), model.get_parameter(name)!.data<float>().ToArray());
            Assert.False(liveOut.Equals(model.forward(x)));
            Assert.Equal(live["frozen"], Snapshot(model)["frozen"]);
        }

        var restored = Snapshot(model);
        foreach (var (name, values) in live)
            Assert.Equal(values, restored[name]);
        Assert.True(liveOut.Equals(model.forward(x)));
    }

    [Fact]
    public void CopyToWritesTheAverageIntoTheModule()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(3);
        var model = new Tiny();
        Fill(model, rng);
        using var ema = new Ema(model, 0.7);
        Fill(model, rng);
        ema.Update(model);
        ema.CopyTo(model);
        foreach (var (name, shadow) in ema.StateTensors())
            Assert.True(shadow.Equals(model.get_parameter(name)!), name);
    }

    [Fact]
    public void StateSavesAndLoadsByNameAndMismatchesAreNamed()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(4);
        var a = new Tiny();
        Fill(a, rng);
        using var emaA = new Ema(a, 0.9);
        Fill(a, rng);
        emaA.Update(a);

        var b = new Tiny();
        Fill(b, rng);
        using var emaB = new Ema(b, 0.9);
        var saved = emaA.StateTensors().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        emaB.LoadState(saved);
        foreach (var (name, shadow) in emaA.StateTensors())
            Assert.True(shadow.Equals(emaB.StateTensors()[name]), name);

        var broken = new Dictionary<string, Tensor>(saved);
        broken.Remove("scale");
        broken["proj.bias"] = zeros(3);
        broken["extra"] = zeros(1);
        var error = Assert.Throws<HrmException>(() => emaB.LoadState(broken));
        Assert.Equal(3, error.Problems.Count);
        Assert.Contains("EMA state is missing 'scale'", error.Problems);
        Assert.Contains("EMA state has unexpected 'extra'", error.Problems);
        Assert.Contains("EMA state 'proj.bias' has shape [3], expected [2]", error.Problems);
    }

    [Fact]
    public void AnotherModuleIsRefusedBeforeAnythingChanges()
    {
        using var scope = NewDisposeScope();
        var model = new Tiny();
        using var ema = new Ema(model);
        var other = nn.Linear(3, 2);
        var before = other.weight!.detach().clone();
        Assert.Throws<InvalidOperationException>(() => ema.Swap(other));
        Assert.True(before.Equals(other.weight!));
        Assert.Throws<HrmException>(() => new Ema(model, 1.5));
    }
}
