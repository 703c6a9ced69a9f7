using HrmSharp.Data;
using HrmSharp.Data.Maze;

namespace HrmSharp.Encoding;

/// <summary>
/// How a puzzle family becomes token ids, as plain data: vocabulary and sequence sizes, the PAD and EOS ids, and the token
/// of each grid colour (-1 = colour not used). The values are the reference's (sapientinc/HRM dataset builders), so the
/// same model config reads the same data:
/// <list type="bullet">
/// <item>ARC: PAD 0, EOS 1, colour c → c + 2; vocab 12; 30×30 canvas = 900 tokens.</item>
/// <item>Sudoku: PAD 0, digit d (0 = blank) → d + 1; vocab 11; 81 tokens.</item>
/// <item>Maze: PAD 0, then the characters "# SGo" → 1..5 (wall, open, start, goal, path); vocab 6; N·N tokens.</item>
/// </list>
/// Labels use the same ids except that PAD becomes <see cref="IgnoreLabel"/> (the reference's ignore_label_id = PAD,
/// converted to -100 by its loader), so EOS cells are targets too.
/// </summary>
public sealed record TokenScheme
{
    /// <summary>The label value the loss skips (PyTorch's cross-entropy default).</summary>
    public const int IgnoreLabel = -100;

    public const int PadId = 0;

    private readonly int[] _colourTokens;
    private readonly int[] _tokenColours;

    public string Name { get; }
    public int VocabSize { get; }
    public int SeqLen { get; }
    /// <summary>The end-of-grid marker (ARC only), or null.</summary>
    public int? EosId { get; }

    public TokenScheme(string name, int vocabSize, int seqLen, int? eosId, IReadOnlyList<int> colourTokens)
    {
        if (colourTokens.Count != Grid.Colours) throw new ArgumentException($"need a token for each of the {Grid.Colours} colours (-1 = unused)");
        _colourTokens = colourTokens.ToArray();
        _tokenColours = new int[vocabSize];
        Array.Fill(_tokenColours, -1);
        for (int c = 0; c < Grid.Colours; c++)
        {
            int t = _colourTokens[c];
            if (t == -1) continue;
            if (t <= PadId || t >= vocabSize || t == eosId || _tokenColours[t] != -1)
                throw new ArgumentException($"colour {c} has token {t}: tokens must be distinct, inside 1..{vocabSize - 1} and not EOS");
            _tokenColours[t] = c;
        }
        Name = name;
        VocabSize = vocabSize;
        SeqLen = seqLen;
        EosId = eosId;
    }

    public static TokenScheme Arc { get; } =
        new("arc", 12, Grid.MaxSide * Grid.MaxSide, 1, Enumerable.Range(0, Grid.Colours).Select(c => c + 2).ToArray());

    public static TokenScheme Sudoku { get; } =
        new("sudoku", 11, 81, null, Enumerable.Range(0, Grid.Colours).Select(d => d + 1).ToArray());

    /// <summary>Mazes of side <paramref name="side"/> (Maze-Hard: 30).</summary>
    public static TokenScheme Maze(int side = Grid.MaxSide)
    {
        if (side is < 2 or > Grid.MaxSide) throw new ArgumentOutOfRangeException(nameof(side), side, $"a maze side is 2..{Grid.MaxSide}");
        var tokens = new int[Grid.Colours];
        for (int c = 0; c < Grid.Colours; c++)
            tokens[c] = MazeSymbols.Charset.IndexOf(CharOf(c)) is var i and >= 0 ? i + 1 : -1;
        return new TokenScheme("maze", MazeSymbols.Charset.Length + 1, side * side, null, tokens);

        static char CharOf(int colour) => colour switch
        {
            MazeSymbols.Open => MazeSymbols.OpenChar,
            MazeSymbols.Wall => MazeSymbols.WallChar,
            MazeSymbols.Start => MazeSymbols.StartChar,
            MazeSymbols.Goal => MazeSymbols.GoalChar,
            MazeSymbols.Path => MazeSymbols.PathChar,
            _ => '\0',
        };
    }

    /// <summary>The token of a colour, or -1 when this scheme has none for it.</summary>
    public int TokenOf(int colour) => _colourTokens[colour];

    /// <summary>The colour a token stands for, or -1 (PAD, EOS, out of range).</summary>
    public int ColourOf(int token) => (uint)token < (uint)_tokenColours.Length ? _tokenColours[token] : -1;

    /// <summary>
    /// How a token is shown as text (reports): Sudoku '.' for a blank and the digit otherwise; a maze its character
    /// ("# SGo"); any other scheme the colour's digit; '?' for PAD, EOS or an id out of range.
    /// </summary>
    public char Symbol(int token)
    {
        int colour = ColourOf(token);
        if (colour < 0) return '?';
        return Name switch
        {
            "sudoku" => colour == 0 ? '.' : (char)('0' + colour),
            "maze" => MazeSymbols.Charset[token - 1],
            _ => (char)('0' + colour),
        };
    }

    public bool Equals(TokenScheme? other) =>
        other is not null && Name == other.Name && VocabSize == other.VocabSize && SeqLen == other.SeqLen && EosId == other.EosId
        && _colourTokens.AsSpan().SequenceEqual(other._colourTokens);

    public override int GetHashCode() => HashCode.Combine(Name, VocabSize, SeqLen, EosId);
}
