namespace HrmSharp.Data;

/// <summary>Pairs whose larger side (over input and output) is in From..To.</summary>
public sealed record SizeBucket(int From, int To, int Pairs)
{
    public string Label => From == To ? $"{From}" : $"{From}-{To}";
}
