using HrmSharp.Data;

namespace HrmSharp.Augmentation;

/// <summary>
/// An immutable permutation of the 10 ARC colours: colour c becomes <c>this[c]</c>. The random ones keep 0 (the
/// background in most ARC tasks) fixed unless asked, as HRM's augmentation does. Text form: the 10 images in order,
/// e.g. "0712345896" (identity "0123456789").
/// </summary>
public sealed class ColourPermutation : IEquatable<ColourPermutation>
{
    private readonly byte[] _map;

    private ColourPermutation(byte[] map) => _map = map;

    public static ColourPermutation Identity { get; } = new([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    /// <summary>Builds from the images of 0..9; throws <see cref="ArgumentException"/> unless it is a permutation.</summary>
    public static ColourPermutation FromMap(ReadOnlySpan<int> map)
    {
        if (map.Length != Grid.Colours) throw new ArgumentException($"a colour permutation has {Grid.Colours} entries, not {map.Length}");
        var bytes = new byte[Grid.Colours];
        int seen = 0;
        for (int c = 0; c < map.Length; c++)
        {
            int v = map[c];
            if (v is < 0 or >= Grid.Colours) throw new ArgumentException($"colour {c} maps to {v}, outside 0..9");
            if ((seen & (1 << v)) != 0) throw new ArgumentException($"colour {v} is the image of two colours; not a permutation");
            seen |= 1 << v;
            bytes[c] = (byte)v;
        }
        return new ColourPermutation(bytes);
    }

    /// <summary>A uniformly random permutation of 1..9 (0 fixed), or of 0..9 with <paramref name="permuteBackground"/>.</summary>
    public static ColourPermutation Random(Random rng, bool permuteBackground = false)
    {
        var map = new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        int first = permuteBackground ? 0 : 1;
        // Fisher–Yates over map[first..9].
        for (int i = Grid.Colours - 1; i > first; i--)
        {
            int j = rng.Next(first, i + 1);
            (map[i], map[j]) = (map[j], map[i]);
        }
        return new ColourPermutation(map);
    }

    public int this[int colour] => _map[colour];

    public bool IsIdentity => Equals(Identity);
    public bool FixesBackground => _map[0] == 0;

    public Grid Apply(Grid grid)
    {
        if (IsIdentity) return grid;
        var src = grid.Cells;
        var cells = new byte[src.Length];
        for (int i = 0; i < cells.Length; i++) cells[i] = _map[src[i]];
        return Grid.Create(grid.Rows, grid.Cols, cells);
    }

    public ColourPermutation Inverse
    {
        get
        {
            var inv = new byte[Grid.Colours];
            for (int c = 0; c < Grid.Colours; c++) inv[_map[c]] = (byte)c;
            return new ColourPermutation(inv);
        }
    }

    /// <summary>Applying this one first and then <paramref name="then"/>: colour c becomes then[this[c]].</summary>
    public ColourPermutation Compose(ColourPermutation then)
    {
        var map = new byte[Grid.Colours];
        for (int c = 0; c < Grid.Colours; c++) map[c] = then._map[_map[c]];
        return new ColourPermutation(map);
    }

    public override string ToString() => string.Create(Grid.Colours, _map, (span, map) =>
    {
        for (int i = 0; i < span.Length; i++) span[i] = (char)('0' + map[i]);
    });

    /// <summary>Parses the 10-digit text form; throws <see cref="FormatException"/> when it is not a permutation.</summary>
    public static ColourPermutation Parse(string text)
    {
        if (text.Length != Grid.Colours || text.Any(ch => ch is < '0' or > '9'))
            throw new FormatException($"'{text}' is not a colour permutation: expected the 10 images of 0..9, e.g. 0123456789");
        try
        {
            return FromMap(text.Select(ch => ch - '0').ToArray());
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"'{text}' is not a colour permutation: {ex.Message}");
        }
    }

    public bool Equals(ColourPermutation? other) => other is not null && _map.AsSpan().SequenceEqual(other._map);
    public override bool Equals(object? obj) => obj is ColourPermutation p && Equals(p);
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(_map);
        return h.ToHashCode();
    }
}
