using System.Globalization;

namespace Agentry.Tools.BuiltIn;

/// <summary>
/// Evaluates arithmetic written by a model, with a hand-written parser so that no input can run code,
/// exhaust the stack or take long; every failure becomes a short error instead of an exception.
/// </summary>
/// <remarks>
/// Unary minus binds looser than <c>^</c>, as in mathematics: <c>-2^2</c> is -4 and <c>2^-1</c> is 0.5.
/// Names are case-insensitive, trigonometry is in radians, and <c>round</c> rounds halves away from zero.
/// </remarks>
internal static class ExpressionEvaluator
{
    public const int MaxExpressionLength = 256;

    // Generous for honest arithmetic, yet small enough that work and recursion stay bounded whatever the input.
    private const int MaxTokens = 128;
    private const int MaxDepth = 32;

    // Well inside 2^53, where doubles stop holding every integer exactly, so whole-number answers are never silently rounded.
    private const double MaxMagnitude = 1e15;

    private static readonly Dictionary<string, double> Constants = new(StringComparer.OrdinalIgnoreCase) { ["pi"] = Math.PI, ["e"] = Math.E };

    private static readonly Dictionary<string, Function> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sqrt"] = new(1, (x, _) => Math.Sqrt(x), (x, _) => x < 0 ? "square root of a negative number" : null),
        ["abs"] = new(1, (x, _) => Math.Abs(x)),
        ["round"] = new(1, (x, _) => Math.Round(x, MidpointRounding.AwayFromZero)),
        ["floor"] = new(1, (x, _) => Math.Floor(x)),
        ["ceil"] = new(1, (x, _) => Math.Ceiling(x)),
        ["ln"] = new(1, (x, _) => Math.Log(x), (x, _) => x <= 0 ? "logarithm of a non-positive number" : null),
        ["log10"] = new(1, (x, _) => Math.Log10(x), (x, _) => x <= 0 ? "logarithm of a non-positive number" : null),
        ["sin"] = new(1, (x, _) => Math.Sin(x)),
        ["cos"] = new(1, (x, _) => Math.Cos(x)),
        ["tan"] = new(1, (x, _) => Math.Tan(x)),
        ["min"] = new(2, Math.Min),
        ["max"] = new(2, Math.Max),
        ["pow"] = new(2, Math.Pow, PowerError),
    };

    /// <summary>Evaluates <paramref name="expression"/>; on failure <paramref name="error"/> says why without quoting the input.</summary>
    public static bool TryEvaluate(string? expression, out double value, out string? error)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(expression) || expression.Length > MaxExpressionLength)
        {
            error = expression?.Length > MaxExpressionLength
                ? string.Create(CultureInfo.InvariantCulture, $"expression is longer than {MaxExpressionLength} characters")
                : "expression is empty";
            return false;
        }

        try
        {
            double result = new Parser(expression).Run();
            value = result == 0 ? 0 : result; // callers should never have to print "-0"
            error = null;
            return true;
        }
        catch (EvaluationException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Formats a result for people: "391", "0.3", "3.1415926536"; invariant culture.</summary>
    public static string Format(double value)
    {
        if (!double.IsFinite(value) || value == 0)
        {
            return value == 0 ? "0" : value.ToString(CultureInfo.InvariantCulture);
        }

        // Ten decimals hide binary noise such as 0.1 + 0.2 = 0.30000000000000004; a tiny non-zero value must not read as "0".
        double rounded = Math.Round(value, 10, MidpointRounding.AwayFromZero);
        return rounded == 0
            ? value.ToString("G10", CultureInfo.InvariantCulture)
            : rounded.ToString("0.##########", CultureInfo.InvariantCulture);
    }

    private static string? PowerError(double x, double y) =>
        x == 0 && y < 0 ? "division by zero"
        : x < 0 && y != Math.Floor(y) ? "fractional power of a negative number"
        : null;

    private static EvaluationException Fail(string message) => new(message);

    private static EvaluationException Fail(string what, int index) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{what} at position {index + 1}"));

    private static EvaluationException UnexpectedCharacter(string text, int index)
    {
        char c = text[index];
        if (c > ' ' && c < '\u007F')
        {
            return Fail($"unexpected character '{c}'", index);
        }

        // Invisible, bidi and other non-ASCII characters are named by code point so the error cannot carry them back out.
        int codePoint = char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1])
            ? char.ConvertToUtf32(c, text[index + 1])
            : c;
        return Fail(string.Create(CultureInfo.InvariantCulture, $"unexpected character U+{codePoint:X4}"), index);
    }

    private sealed record Function(int Arity, Func<double, double, double> Apply, Func<double, double, string?>? Validate = null);

    private enum Kind { Number, Name, Symbol, End }

    // Symbol is '\0' unless Kind is Symbol, so lookahead can test it without checking Kind first.
    private readonly record struct Token(Kind Kind, int Index, char Symbol = '\0', double Number = 0, string? Name = null);

    // Thrown only inside the parser and always caught by TryEvaluate; it keeps failure paths out of every grammar rule.
    private sealed class EvaluationException(string message) : Exception(message);

    // Evaluates while parsing: there is nothing to optimise, and one pass keeps the evaluator small.
    private sealed class Parser(string text)
    {
        private readonly List<Token> _tokens = [];
        private int _next;
        private int _depth;

        private Token Peek => _tokens[_next];

        public double Run()
        {
            Tokenize();
            double value = ParseSum();
            Token rest = Peek;
            return rest.Kind == Kind.End ? value
                : throw (rest.Symbol is ')' or ',' ? Unexpected(rest) : Fail("expected an operator", rest.Index));
        }

        private void Tokenize()
        {
            for (int i = 0; i < text.Length;)
            {
                char c = text[i];
                int start = i;
                if (c is ' ' or '\t' or '\r' or '\n')
                {
                    i++;
                }
                else if (_tokens.Count == MaxTokens)
                {
                    throw Fail(string.Create(CultureInfo.InvariantCulture, $"expression has more than {MaxTokens} tokens"));
                }
                else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                {
                    _tokens.Add(new Token(Kind.Number, start, Number: ScanNumber(ref i)));
                }
                else if (char.IsAsciiLetter(c))
                {
                    while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
                    {
                        i++;
                    }

                    _tokens.Add(new Token(Kind.Name, start, Name: text[start..i]));
                }
                else
                {
                    char symbol = c switch
                    {
                        '+' or '-' or '*' or '/' or '%' or '^' or '(' or ')' or ',' => c,
                        '×' => '*',
                        '÷' => '/',
                        _ => throw UnexpectedCharacter(text, i),
                    };
                    _tokens.Add(new Token(Kind.Symbol, start, symbol));
                    i++;
                }
            }

            _tokens.Add(new Token(Kind.End, text.Length));
        }

        private double ScanNumber(ref int i)
        {
            int start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i < text.Length && text[i] is 'e' or 'E')
            {
                i += i + 1 < text.Length && text[i + 1] is '+' or '-' ? 2 : 1;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }

            // Only digits, dots and one exponent reach TryParse, so it never accepts signs, separators, "NaN" or "Infinity",
            // and it still rejects shapes such as "1..2" and "1e".
            if (!double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                    CultureInfo.InvariantCulture, out double number))
            {
                throw Fail("invalid number", start);
            }

            return Math.Abs(number) <= MaxMagnitude ? number : throw Fail("number is too large", start);
        }

        private double ParseSum()
        {
            double value = ParseProduct();
            while (Peek.Symbol is '+' or '-')
            {
                value = Next().Symbol == '+' ? Check(value + ParseProduct()) : Check(value - ParseProduct());
            }

            return value;
        }

        private double ParseProduct()
        {
            double value = ParseSigned();
            while (Peek.Symbol is '*' or '/' or '%')
            {
                char op = Next().Symbol;
                double right = ParseSigned();
                if (op != '*' && right == 0)
                {
                    throw Fail(op == '/' ? "division by zero" : "modulo by zero");
                }

                value = Check(op switch { '*' => value * right, '/' => value / right, _ => value % right });
            }

            return value;
        }

        private double ParseSigned() =>
            Accept('-') ? -Nested(ParseSigned)
            : Accept('+') ? Nested(ParseSigned)
            : ParsePower();

        private double ParsePower()
        {
            double value = ParsePrimary();

            // Recursing through ParseSigned makes ^ right-associative and lets the exponent carry a sign.
            return Accept('^') ? Apply(Functions["pow"], value, Nested(ParseSigned)) : value;
        }

        private double ParsePrimary()
        {
            Token token = Next();
            return token.Kind == Kind.Number ? token.Number
                : token.Kind == Kind.Name ? ParseName(token)
                : token.Symbol == '(' ? Nested(() => ExpectCloseParen(ParseSum()))
                : throw Unexpected(token);
        }

        private double ParseName(Token name)
        {
            if (!Accept('('))
            {
                return Constants.TryGetValue(name.Name!, out double constant) ? constant
                    : throw Fail(Functions.ContainsKey(name.Name!) ? "expected '(' after the function" : "unknown name", name.Index);
            }

            if (!Functions.TryGetValue(name.Name!, out Function? function))
            {
                throw Fail("unknown function", name.Index);
            }

            List<double> arguments = Nested(ParseArguments);
            if (arguments.Count != function.Arity)
            {
                string plural = function.Arity == 1 ? "" : "s";
                throw Fail(string.Create(CultureInfo.InvariantCulture,
                    $"function at position {name.Index + 1} expects {function.Arity} argument{plural}"));
            }

            return Apply(function, arguments[0], arguments.Count > 1 ? arguments[1] : 0);
        }

        private List<double> ParseArguments()
        {
            List<double> arguments = [];
            if (Peek.Symbol != ')')
            {
                do
                {
                    arguments.Add(ParseSum());
                }
                while (Accept(','));
            }

            return ExpectCloseParen(arguments);
        }

        private T ExpectCloseParen<T>(T result) =>
            Accept(')') ? result
            : throw (Peek.Kind == Kind.End ? Fail("missing ')' at end of expression") : Fail("expected ')'", Peek.Index));

        // Every recursive rule goes through here, so no input can nest the parser deeper than MaxDepth.
        private T Nested<T>(Func<T> parse)
        {
            _depth = _depth < MaxDepth
                ? _depth + 1
                : throw Fail(string.Create(CultureInfo.InvariantCulture, $"nesting is deeper than {MaxDepth} levels"));
            T result = parse();
            _depth--;
            return result;
        }

        // End is never consumed, so lookahead needs no bounds checks.
        private Token Next() => _tokens[_next < _tokens.Count - 1 ? _next++ : _next];

        private bool Accept(char symbol) => Peek.Symbol == symbol && Next().Symbol == symbol;

        private static double Apply(Function function, double x, double y) =>
            function.Validate?.Invoke(x, y) is { } error ? throw Fail(error) : Check(function.Apply(x, y));

        // Infinity counts as too large: to a reader it is just a number too big to show.
        private static double Check(double result) =>
            double.IsNaN(result) ? throw Fail("result is not a finite number")
            : Math.Abs(result) > MaxMagnitude ? throw Fail("result is too large")
            : result;

        private static EvaluationException Unexpected(Token token) => token.Kind switch
        {
            Kind.End => Fail("unexpected end of expression"),
            Kind.Number => Fail("unexpected number", token.Index),
            Kind.Name => Fail("unexpected name", token.Index),
            _ => Fail(token.Symbol is '(' or ')' or ',' ? $"unexpected '{token.Symbol}'" : "unexpected operator", token.Index),
        };
    }
}
