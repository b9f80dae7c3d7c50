/// <summary>
/// The made-up library of reference texts that search is measured on (bench/search-latency.sh and the benchmarks'
/// SearchQueryBenchmarks): paragraphs of 40–80 words in Spanish, English and French, a third set phrases of the kind
/// these texts repeat, the rest words drawn from a 5,000-word vocabulary per language with Zipf's frequencies; and the
/// set queries asked of it.
/// </summary>
internal static class SearchLibrary
{
    // Phrases of the kind these texts are made of, per language; paragraphs are drawn from them at random.
    public static readonly Dictionary<string, string[]> Phrases = new()
    {
        ["es"] =
        [
            "las medidas de fomento de la confianza", "la creación de capacidad", "el derecho internacional se aplica",
            "la seguridad de las tecnologías de la información y las comunicaciones", "el comportamiento responsable de los Estados",
            "las negociaciones sobre la seguridad", "un diálogo institucional periódico", "con amplia participación de los Estados",
            "las amenazas actuales y potenciales", "la protección de las infraestructuras críticas", "los principios de la Carta",
            "el grupo de trabajo de composición abierta", "por consenso", "la cooperación internacional", "los países en desarrollo",
            "la resolución aprobada por la Asamblea General", "el intercambio de información", "las normas voluntarias y no vinculantes",
        ],
        ["en"] =
        [
            "confidence-building measures", "capacity-building", "international law applies", "security of information and communications technologies",
            "responsible State behaviour", "negotiations on security", "a regular institutional dialogue", "with broad participation of States",
            "existing and potential threats", "the protection of critical infrastructure", "the principles of the Charter",
            "the open-ended working group", "by consensus", "international cooperation", "developing countries",
            "the resolution adopted by the General Assembly", "the exchange of information", "voluntary non-binding norms",
        ],
        ["fr"] =
        [
            "les mesures de confiance", "le renforcement des capacités", "le droit international s'applique",
            "la sécurité des technologies de l'information et des communications", "le comportement responsable des États",
            "les négociations sur la sécurité", "un dialogue institutionnel régulier", "avec une large participation des États",
            "les menaces existantes et potentielles", "la protection des infrastructures critiques", "les principes de la Charte",
            "le groupe de travail à composition non limitée", "par consensus", "la coopération internationale", "les pays en développement",
            "la résolution adoptée par l'Assemblée générale", "l'échange d'informations", "les normes volontaires et non contraignantes",
        ],
    };

    public static readonly Dictionary<string, string[]> Queries = new()
    {
        ["es"] = ["negociación", "\"medidas de fomento de la confianza\"", "tecnolog*", "cooperacion internacional", "Estados -desarrollo",
            "consenso OR diálogo", "\"derecho internacional\" amenazas", "infraestructuras críticas"],
        ["en"] = ["negotiation", "\"confidence-building measures\"", "technolog*", "international cooperation", "States -developing",
            "consensus OR dialogue", "\"international law\" threats", "critical infrastructure"],
        ["fr"] = ["négociation", "\"mesures de confiance\"", "technolog*", "cooperation internationale", "États -développement",
            "consensus OR dialogue", "\"droit international\" menaces", "infrastructures critiques"],
    };

    public const int PerDocument = 250;

    /// <summary>Each language's vocabulary, the same at every run.</summary>
    public static Dictionary<string, string[]> Vocabularies() =>
        Phrases.Keys.Select((language, i) => (language, i)).ToDictionary(l => l.language, l => Vocabulary(new Random(28 + l.i), 5_000));

    /// <summary>The library's documents, <see cref="PerDocument"/> paragraphs each (the last one the rest), the languages in turn.</summary>
    public static IEnumerable<(string Language, List<string> Paragraphs)> Documents(Random random, Dictionary<string, string[]> vocabularies, int paragraphs)
    {
        var languages = Phrases.Keys.ToArray();
        for (var d = 0; d * PerDocument < paragraphs; d++)
        {
            var language = languages[d % languages.Length];
            yield return (language, Enumerable.Range(0, Math.Min(PerDocument, paragraphs - d * PerDocument))
                .Select(_ => Paragraph(random, Phrases[language], vocabularies[language])).ToList());
        }
    }

    public static string Paragraph(Random random, string[] phrases, string[] vocabulary)
    {
        var words = new List<string>();
        var length = 40 + random.Next(40);
        while (words.Count < length)
        {
            if (random.Next(3) == 0)
            {
                words.AddRange(phrases[random.Next(phrases.Length)].Split(' '));
            }
            else
            {
                for (var i = 0; i < 4; i++)
                {
                    words.Add(Zipf(random, vocabulary));
                }
            }
        }

        var text = string.Join(' ', words);
        return char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }

    /// <summary>Pronounceable made-up words (syllables), distinct, most frequent first.</summary>
    public static string[] Vocabulary(Random random, int size)
    {
        string[] syllables = ["ta", "ne", "ri", "co", "mu", "la", "se", "pro", "ven", "dor", "ci", "ga", "bel", "tor", "mi", "sa", "un", "es", "al", "po"];
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < size)
        {
            words.Add(string.Concat(Enumerable.Range(0, 2 + random.Next(3)).Select(_ => syllables[random.Next(syllables.Length)])));
        }

        return [.. words];
    }

    /// <summary>A word with Zipf's law: the k-th most frequent is drawn in proportion to 1/k.</summary>
    public static string Zipf(Random random, string[] vocabulary)
    {
        var harmonic = Math.Log(vocabulary.Length) + 0.5772;
        var target = random.NextDouble() * harmonic;
        var rank = (int)Math.Min(vocabulary.Length - 1, Math.Max(0, Math.Exp(target - 0.5772) - 1));
        return vocabulary[rank];
    }
}
