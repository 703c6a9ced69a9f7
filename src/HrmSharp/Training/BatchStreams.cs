using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using static TorchSharp.torch;

namespace HrmSharp.Training;

/// <summary>
/// Dedicated threads that each run one row slice ("stream") of a training step: forward, loss and backward of its rows,
/// at the same time as the others, with the machine's intra-op threads divided between them.
/// <para>
/// Why: libtorch parallelises each operation over its intra-op threads, and on a 2-core CPU a block at HRM's ARC
/// shape (16 × 901 tokens, hidden 256) runs only 1.35–1.55× faster on two threads than on one (softmax and the small batched matmuls scale worst).
/// Two half batches, one thread each, keep both cores busy with whole operations instead (docs/BENCHMARKS.md).
/// </para>
/// OpenMP's thread count is per calling thread, so each worker sets its own once, after libtorch's lazy per-thread
/// initialisation, and the creating thread's count is restored afterwards.
/// </summary>
public sealed class BatchStreams : IDisposable
{
    private readonly Worker[] _workers;

    /// <param name="count">Streams (threads).</param>
    /// <param name="threadsEach">Intra-op threads of each stream.</param>
    public BatchStreams(int count, int threadsEach)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threadsEach, 1);
        int callerThreads = get_num_threads();
        _workers = Enumerable.Range(0, count).Select(i => new Worker(i)).ToArray();
        ThreadsPerStream = Run(_ =>
        {
            _ = get_num_threads(); // triggers libtorch's lazy per-thread init, which would otherwise reset the count later
            set_num_threads(threadsEach);
            return get_num_threads();
        });
        set_num_threads(callerThreads); // set_num_threads also writes a process-wide default: put the caller's back
    }

    public int Count => _workers.Length;

    /// <summary>The intra-op thread count each worker reported after setting it.</summary>
    public IReadOnlyList<int> ThreadsPerStream { get; }

    /// <summary>Runs work(i) on worker i for every stream, waits for all, and rethrows the first failure by stream order.</summary>
    public T[] Run<T>(Func<int, T> work)
    {
        var tasks = _workers.Select((w, i) => w.Post(() => work(i))).ToArray();
        var results = new T[tasks.Length];
        ExceptionDispatchInfo? failure = null;
        for (int i = 0; i < tasks.Length; i++)
        {
            try { results[i] = tasks[i].GetAwaiter().GetResult(); }
            catch (Exception e) { failure ??= ExceptionDispatchInfo.Capture(e); }
        }
        failure?.Throw();
        return results;
    }

    public void Dispose()
    {
        foreach (var w in _workers)
            w.Dispose();
    }

    private sealed class Worker : IDisposable
    {
        private readonly BlockingCollection<Action> _queue = new();
        private readonly Thread _thread;

        public Worker(int index)
        {
            _thread = new Thread(Loop) { IsBackground = true, Name = $"hrm-stream-{index}" };
            _thread.Start();
        }

        public Task<T> Post<T>(Func<T> work)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _queue.Add(() =>
            {
                try { done.SetResult(work()); }
                catch (Exception e) { done.SetException(e); }
            });
            return done.Task;
        }

        private void Loop()
        {
            foreach (var action in _queue.GetConsumingEnumerable())
                action();
        }

        public void Dispose()
        {
            _queue.CompleteAdding();
            _thread.Join();
            _queue.Dispose();
        }
    }
}
