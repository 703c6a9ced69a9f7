using System.Runtime;
using HrmSharp.Runtime;

namespace HrmSharp.Tests.Runtime;

/// <summary>No-GC regions are process-wide: these tests run alone so other tests' allocations and zones do not interfere.</summary>
[CollectionDefinition(nameof(GcQuietZoneTests), DisableParallelization = true)]
[Collection(nameof(GcQuietZoneTests))]
public sealed class GcQuietZoneTests
{
    [Fact]
    public void NoCollectionRunsInsideAZoneEvenWhenAnotherThreadAllocates()
    {
        using (new GcQuietZone())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            int before = GC.CollectionCount(0);
            // Another thread allocates ~16 MB in small objects, as a progress display would over a long step.
            var t = new Thread(() => { for (int i = 0; i < 200_000; i++) GC.KeepAlive(new byte[64]); });
            t.Start();
            t.Join();
            Assert.Equal(before, GC.CollectionCount(0));

            using (new GcQuietZone()) // nested: the outer zone holds, nothing throws
                Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void AZoneWhoseBudgetRunsOutEndsQuietly()
    {
        var zone = new GcQuietZone(bytes: 1 << 20);
        var keep = new List<byte[]>();
        for (int i = 0; i < 64; i++) keep.Add(new byte[64 << 10]); // 4 MB: over the 1 MB budget, so a collection ends the zone
        zone.Dispose();
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        GC.KeepAlive(keep);
    }
}
