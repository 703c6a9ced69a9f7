using System.Runtime;

namespace HrmSharp.Runtime;

/// <summary>
/// Holds garbage collections off while a block of tensor work runs (one training step, one evaluation batch), so the
/// collections happen between blocks instead.
/// <para>
/// Why: TorchSharp (0.107) turns numbers into temporary <c>Scalar</c> objects (the alpha of <c>x + y</c>, the factor of
/// <c>x * 0.5</c>) and hands libtorch their raw handles without keeping the objects alive. If another thread (the
/// progress display, the JIT) triggers a collection during that native call, the finalizer may free the Scalar while
/// libtorch reads it: a 60-minute run of ours died that way ("Expected false to be true" from c10 Scalar::toFloat).
/// Upstream: dotnet/TorchSharp pull requests 1434 and 1496. A collection between blocks only finalizes Scalars of
/// finished operations.
/// </para>
/// Best effort: if the block allocates more than the constructor's <c>bytes</c> of managed memory, the runtime collects anyway
/// and the zone ends early; nesting is ignored (the outer zone holds).
/// </summary>
public sealed class GcQuietZone : IDisposable
{
    private readonly bool _started;

    public GcQuietZone(long bytes = 128L << 20)
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            return; // already inside a zone
        try
        {
            _started = GC.TryStartNoGCRegion(bytes);
        }
        catch (ArgumentOutOfRangeException) { } // more than this runtime's ephemeral space: run without
        catch (InvalidOperationException) { }   // another thread started one
    }

    public void Dispose()
    {
        if (!_started || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
            return;
        try { GC.EndNoGCRegion(); }
        catch (InvalidOperationException) { } // the budget ran out and a collection already ended the zone
    }
}
