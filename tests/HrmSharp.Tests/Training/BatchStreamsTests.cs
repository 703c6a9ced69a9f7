using HrmSharp.Training;
using static TorchSharp.torch;

namespace HrmSharp.Tests.Training;

/// <summary>Alone: torch's thread count has a process-wide part that other tests' trainers set.</summary>
[CollectionDefinition(nameof(BatchStreamsTests), DisableParallelization = true)]
[Collection(nameof(BatchStreamsTests))]
public sealed class BatchStreamsTests
{
    [Fact]
    public void EachWorkerHasItsOwnThreadCountAndTheCallersIsKept()
    {
        int before = get_num_threads();
        using var streams = new BatchStreams(2, threadsEach: 1);
        Assert.Equal([1, 1], streams.ThreadsPerStream);
        Assert.Equal(before, get_num_threads());
        // Still one each after work that runs parallel kernels (libtorch's lazy per-thread init must not reset it).
        var counts = streams.Run(_ =>
        {
            using var x = rand(256, 256);
            using var y = x.matmul(x).softmax(-1);
            return get_num_threads();
        });
        Assert.Equal([1, 1], counts);
        Assert.Equal(before, get_num_threads());
    }

    [Fact]
    public void ResultsComeBackInStreamOrderFromDifferentThreads()
    {
        using var streams = new BatchStreams(2, threadsEach: 1);
        var ids = streams.Run(i => (Stream: i, Thread: Environment.CurrentManagedThreadId));
        Assert.Equal([0, 1], ids.Select(r => r.Stream));
        Assert.NotEqual(ids[0].Thread, ids[1].Thread);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, ids.Select(r => r.Thread));
    }

    [Fact]
    public void AFailureInAStreamIsRethrownAfterTheOthersFinish()
    {
        using var streams = new BatchStreams(2, threadsEach: 1);
        int finished = 0;
        var e = Assert.Throws<InvalidOperationException>(() => streams.Run<int>(i =>
        {
            if (i == 1) throw new InvalidOperationException("stream 1 failed");
            Thread.Sleep(50);
            Interlocked.Increment(ref finished);
            return i;
        }));
        Assert.Equal("stream 1 failed", e.Message);
        Assert.Equal(1, finished);
        Assert.Equal([0, 1], streams.Run(i => i)); // the workers survive a failure
    }
}
