using static TorchSharp.torch;

namespace HrmSharp.Tests;

/// <summary>Proves the native TorchSharp shim loads on this machine (see build/PatchLibTorchSharp.targets).</summary>
public class TorchSmokeTests
{
    [Fact]
    public void TensorOpAndOneOptimiserStepRun()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        var b = matmul(a, a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());

        var w = new TorchSharp.Modules.Parameter(tensor(new float[] { 1f, -2f }));
        var opt = optim.SGD([w], 0.1);
        var loss = (w * w).sum();
        loss.backward();
        Assert.Equal(new float[] { 2f, -4f }, w.grad!.data<float>().ToArray());
        opt.step();
        Assert.Equal(new float[] { 0.8f, -1.6f }, w.data<float>().ToArray());
    }
}
