namespace HrmSharp.Tests;

public class TestPathsTests
{
    [Fact]
    public void ParityFixturesAreCopiedIntoTheTestOutput()
    {
        foreach (var name in new[] { "layers", "hrm", "trm" })
            Assert.True(File.Exists(Path.Combine(TestPaths.Fixtures, "parity", name, "tensors.safetensors")), name);
    }
}
