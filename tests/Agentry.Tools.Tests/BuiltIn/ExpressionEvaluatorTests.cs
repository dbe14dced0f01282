using System.Globalization;
using Agentry.Tools.BuiltIn;

namespace Agentry.Tools.Tests.BuiltIn;

public sealed class ExpressionEvaluatorTests
{
    private const string Emoji = "\U0001F600";

    public static TheoryData<string, double> ValidExpressions => new()
    {
        // Precedence and associativity.
        { "2+3*4", 14 },
        { "(1+2)*3", 9 },
        { "10-4-3", 3 },
        { "100/10/5", 2 },
        { "2^3^2", 512 },
        { "2^3*2", 16 },
        { "17 * 23", 391 },
        { "7 % 3", 1 },
        { "-7 % 3", -1 },

        // Unary minus binds looser than ^, as in mathematics.
        { "-2^2", -4 },
        { "(-2)^2", 4 },
        { "2^-1", 0.5 },
        { "-2^-2", -0.25 },
        { "2*-3", -6 },
        { "2--3", 5 },
        { "--1", 1 },
        { "+-+1", -1 },

        // Numbers.
        { "1.5*2", 3 },
        { ".5+.25", 0.75 },
        { "5.", 5 },
        { "0.1+0.2", 0.3 },
        { "1e3", 1000 },
        { "2.5E-2", 0.025 },
        { "1e+2", 100 },
        { "007", 7 },
        { "1e15", 1e15 },
        { "-1e15", -1e15 },

        // Functions and constants; names are case-insensitive and trigonometry is in radians.
        { "sqrt(16)", 4 },
        { "abs(-3.5)", 3.5 },
        { "round(2.5)", 3 },
        { "round(-2.5)", -3 },
        { "floor(-1.5)", -2 },
        { "ceil(1.2)", 2 },
        { "ln(e)", 1 },
        { "log10(1000)", 3 },
        { "sin(pi/2)", 1 },
        { "cos(0)", 1 },
        { "tan(0)", 0 },
        { "min(3, -2)", -2 },
        { "max(3,-2)", 3 },
        { "pow(2, 10)", 1024 },
        { "pow(-2, 3)", -8 },
        { "0^0", 1 },
        { "max(1, min(2, 3))", 2 },
        { "sqrt(sqrt(16))", 2 },
        { "pi", Math.PI },
        { "2*pi", 2 * Math.PI },
        { "e", Math.E },
        { "PI", Math.PI },
        { "Sqrt(4)", 2 },

        // Unicode operators and whitespace, including newlines.
        { "6 × 7", 42 },
        { "84 ÷ 2", 42 },
        { " \t 1 + 1 ", 2 },
        { "1\n+1", 2 },
        { "1\r\n*\r\n3", 3 },
    };

    public static TheoryData<string?> HostileInputs => new()
    {
        null,
        "",
        "   ",
        "\t\r\n",
        new string('1', 257),
        "1+" + new string(' ', 300),
        new string('(', 10_000) + "1" + new string(')', 10_000),
        new string('-', 10_000) + "1",
        new string('(', 33) + "1" + new string(')', 33),
        new string('-', 33) + "1",
        new string('1', 300),
        string.Concat(Enumerable.Repeat("1+", 64)) + "1",
        "1/0",
        "1%0",
        "1/(2-2)",
        "0^-1",
        "9^9^9",
        "2^2^2^2^2",
        "1e308*10",
        "1e16",
        "2^60",
        "1e15*10",
        "-1e15-1",
        "(-8)^(1/3)",
        "sqrt(-1)",
        "ln(0)",
        "ln(-1)",
        "log10(0)",
        "tan(pi/2)",
        "DROP TABLE",
        "1;2",
        "System.IO.File.Delete(\"x\")",
        "1+1; rm -rf /",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "\"1+1\"",
        "2 + + ",
        "()",
        "(1",
        "1)",
        "((1)",
        "1..2",
        "1.2.3",
        ".",
        "1e",
        "1e+",
        "0x10",
        "１２",
        "\u0000",
        "1\u0000",
        "1+\u0007",
        "\u202E1+1",
        "1+1\u202E",
        "1\u200B+1",
        "1\u00A0+1",
        Emoji,
        "1+" + Emoji,
        "\uD800",
        "1+\uDC00",
        "foo(1)",
        "x",
        "min(1)",
        "min(1,2,3)",
        "min(1,)",
        "sqrt()",
        "sqrt",
        "sqrt 4",
        "pi(1)",
        "NaN",
        "Infinity",
        "-Infinity",
        "1,2",
        "1 2",
        "2pi",
        "2**3",
        "1 = 1",
        "$1",
        "{1}",
        "[1]",
        "+",
        "*1",
        "1*",
        "(",
        ")",
        "1 − 1",
        "1,5+1",
        "times(2, 3)",
    };

    [Theory]
    [MemberData(nameof(ValidExpressions))]
    public void TryEvaluate_WhenExpressionIsValid_ReturnsItsValue(string expression, double expected)
    {
        bool ok = ExpressionEvaluator.TryEvaluate(expression, out double value, out string? error);

        Assert.True(ok, error);
        Assert.Null(error);
        Assert.Equal(expected, value, 10);
    }

    // Discovery enumeration is off because some inputs (lone surrogates, NUL) do not survive the runner's serialisation.
    [Theory]
    [MemberData(nameof(HostileInputs), DisableDiscoveryEnumeration = true)]
    public void TryEvaluate_WhenInputIsHostile_FailsWithShortSafeError(string? expression)
    {
        bool ok = ExpressionEvaluator.TryEvaluate(expression, out double value, out string? error);

        Assert.False(ok);
        Assert.Equal(0, value);
        Assert.False(string.IsNullOrEmpty(error));
        Assert.True(error.Length <= 80, error);
        Assert.All(error, c => Assert.InRange(c, ' ', '~'));
        if (expression is { Length: > 1 })
        {
            Assert.DoesNotContain(expression, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HostileInputs_HasAtLeastFortyCases()
    {
        Assert.True(HostileInputs.Count >= 40);
    }

    [Theory]
    [InlineData("1/0", "division by zero")]
    [InlineData("5/(3-3)", "division by zero")]
    [InlineData("0^-1", "division by zero")]
    public void TryEvaluate_WhenDivisionByZero_Fails(string expression, string expectedError)
    {
        Assert.False(ExpressionEvaluator.TryEvaluate(expression, out _, out string? error));
        Assert.Equal(expectedError, error);
    }

    [Theory]
    [InlineData(null, "expression is empty")]
    [InlineData("  ", "expression is empty")]
    [InlineData("1%0", "modulo by zero")]
    [InlineData("9^9^9", "result is too large")]
    [InlineData("1e15+1", "result is too large")]
    [InlineData("1e16", "number is too large at position 1")]
    [InlineData("(-8)^(1/3)", "fractional power of a negative number")]
    [InlineData("sqrt(-1)", "square root of a negative number")]
    [InlineData("ln(0)", "logarithm of a non-positive number")]
    [InlineData("2 $ 3", "unexpected character '$' at position 3")]
    [InlineData("\u202E1", "unexpected character U+202E at position 1")]
    [InlineData("1+" + Emoji, "unexpected character U+1F600 at position 3")]
    [InlineData("foo(1)", "unknown function at position 1")]
    [InlineData("1 + foo", "unknown name at position 5")]
    [InlineData("sqrt 4", "expected '(' after the function at position 1")]
    [InlineData("min(1)", "function at position 1 expects 2 arguments")]
    [InlineData("sqrt(1, 2)", "function at position 1 expects 1 argument")]
    [InlineData("(1", "missing ')' at end of expression")]
    [InlineData("(1 2)", "expected ')' at position 4")]
    [InlineData("1)", "unexpected ')' at position 2")]
    [InlineData("1 2", "expected an operator at position 3")]
    [InlineData("2 + + ", "unexpected end of expression")]
    [InlineData("2 * / 3", "unexpected operator at position 5")]
    [InlineData("1..2", "invalid number at position 1")]
    [InlineData("1e", "invalid number at position 1")]
    [InlineData("File.Delete", "unexpected character '.' at position 5")]
    public void TryEvaluate_WhenInvalid_ExplainsWhy(string? expression, string expectedError)
    {
        Assert.False(ExpressionEvaluator.TryEvaluate(expression, out _, out string? error));
        Assert.Equal(expectedError, error);
    }

    [Fact]
    public void TryEvaluate_WhenLongerThanLimit_Fails()
    {
        string atLimit = "1" + new string(' ', ExpressionEvaluator.MaxExpressionLength - 1);

        Assert.True(ExpressionEvaluator.TryEvaluate(atLimit, out double value, out _));
        Assert.Equal(1, value);
        Assert.False(ExpressionEvaluator.TryEvaluate(atLimit + " ", out _, out string? error));
        Assert.Equal("expression is longer than 256 characters", error);
    }

    [Fact]
    public void TryEvaluate_WhenNestedDeeperThan32Levels_Fails()
    {
        Assert.True(ExpressionEvaluator.TryEvaluate(new string('(', 32) + "1" + new string(')', 32), out double value, out _));
        Assert.Equal(1, value);
        Assert.True(ExpressionEvaluator.TryEvaluate(new string('-', 32) + "1", out value, out _));
        Assert.Equal(1, value);

        Assert.False(ExpressionEvaluator.TryEvaluate(new string('(', 33) + "1" + new string(')', 33), out _, out string? error));
        Assert.Equal("nesting is deeper than 32 levels", error);
        Assert.False(ExpressionEvaluator.TryEvaluate(new string('-', 33) + "1", out _, out error));
        Assert.Equal("nesting is deeper than 32 levels", error);
    }

    [Fact]
    public void TryEvaluate_WhenMoreThan128Tokens_Fails()
    {
        Assert.True(ExpressionEvaluator.TryEvaluate(string.Concat(Enumerable.Repeat("1+", 63)) + "1", out double value, out _));
        Assert.Equal(64, value);

        Assert.False(ExpressionEvaluator.TryEvaluate(string.Concat(Enumerable.Repeat("1+", 64)) + "1", out _, out string? error));
        Assert.Equal("expression has more than 128 tokens", error);
    }

    [Fact]
    public void TryEvaluate_WhenResultIsNegativeZero_ReturnsPositiveZero()
    {
        Assert.True(ExpressionEvaluator.TryEvaluate("-0", out double value, out _));
        Assert.False(double.IsNegative(value));
    }

    [Fact]
    public void TryEvaluate_WhenCurrentCultureUsesDecimalComma_StillParsesDots()
    {
        CultureInfo original = CultureInfo.CurrentCulture;
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = commaCulture;

            Assert.True(ExpressionEvaluator.TryEvaluate("1.5*2", out double value, out _));
            Assert.Equal(3, value);
            Assert.Equal("0.5", ExpressionEvaluator.Format(0.5));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void TryEvaluate_WhenFuzzed_NeverThrows()
    {
        const string alphabet = "0123456789.eE+-*/%^()×÷, \n\tpisqrtminax\u0000\u202E\uD800é１";
        var random = new Random(20240601);
        for (int run = 0; run < 5_000; run++)
        {
            char[] chars = new char[random.Next(0, 40)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            bool ok = ExpressionEvaluator.TryEvaluate(new string(chars), out double value, out string? error);

            Assert.True(ok ? error is null && double.IsFinite(value) && Math.Abs(value) <= 1e15 : !string.IsNullOrEmpty(error));
        }
    }

    [Theory]
    [InlineData(391.0, "391")]
    [InlineData(-42.0, "-42")]
    [InlineData(0.5, "0.5")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(Math.PI, "3.1415926536")]
    [InlineData(2.0 / 3.0, "0.6666666667")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(-0.0, "0")]
    [InlineData(1.5e-12, "1.5E-12")]
    public void Format_WhenGivenNumber_ReturnsHumanReadableText(double value, string expected)
    {
        Assert.Equal(expected, ExpressionEvaluator.Format(value));
    }

    [Fact]
    public void Format_WhenGivenBinaryNoise_HidesIt()
    {
        Assert.Equal("391", ExpressionEvaluator.Format(391.0));
        Assert.Equal("0.3", ExpressionEvaluator.Format(0.1 + 0.2));
    }
}
