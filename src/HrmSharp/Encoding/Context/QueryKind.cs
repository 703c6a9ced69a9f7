namespace HrmSharp.Encoding.Context;

/// <summary>Where a sequence's query pair comes from: a test pair, or a demo held out as the query (leave-one-out).</summary>
public enum QueryKind
{
    Test,
    Demo,
}
