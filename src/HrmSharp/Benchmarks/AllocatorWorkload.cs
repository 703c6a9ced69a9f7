using System.Diagnostics;
using static TorchSharp.torch;

namespace HrmSharp.Benchmarks;

/// <summary>
/// A fixed training-step-shaped workload (HRM-sized activations, fp32 by default: 16 × 901 tokens × 256 hidden, attention scores
/// 16 × 4 × 901 × 901) used to compare memory allocators: every step allocates and frees hundreds of MB of tensors.
/// </summary>
public static class AllocatorWorkload
{
    public static double SecondsPerStep(int steps = 6, int batch = 16, int seq = 901, int hidden = 256, int heads = 4, ScalarType dtype = ScalarType.Float32)
    {
        using var outer = NewDisposeScope();
        random.manual_seed(0);
        var w1 = randn(hidden, 4 * hidden).mul(0.05).to(dtype).requires_grad_();
        var w2 = randn(4 * hidden, hidden).mul(0.05).to(dtype).requires_grad_();
        var wq = randn(hidden, 3 * hidden).mul(0.05).to(dtype).requires_grad_();
        double total = 0;
        for (int s = 0; s < steps + 1; s++)
        {
            var sw = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                var x = randn(batch, seq, hidden, dtype: dtype);
                for (int layer = 0; layer < 4; layer++)
                {
                    var qkv = matmul(x, wq).view(batch, seq, 3, heads, hidden / heads).permute(2, 0, 3, 1, 4); // [3, B, H, S, D]
                    var att = matmul(qkv[0], qkv[1].transpose(-1, -2)).div(Math.Sqrt(hidden / heads)).softmax(-1); // [B, H, S, S]
                    var o = matmul(att, qkv[2]).permute(0, 2, 1, 3).reshape(batch, seq, hidden);
                    x = x + o;
                    x = x + matmul(nn.functional.silu(matmul(x, w1)), w2);
                }
                x.to(ScalarType.Float32).square().mean().backward();
            }
            if (s > 0) total += sw.Elapsed.TotalSeconds; // step 0 is warm-up
            w1.grad?.fill_(0); w2.grad?.fill_(0); wq.grad?.fill_(0); // zero_() would hand back a second handle each time
        }
        return total / steps;
    }
}
