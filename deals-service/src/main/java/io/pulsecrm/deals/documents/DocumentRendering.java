package io.pulsecrm.deals.documents;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.documents.MergeData.DocumentFacts;
import io.pulsecrm.deals.pipelines.Pipeline;
import org.springframework.stereotype.Component;

/** A template and a deal → the document's HTML page (merge fields filled in) → its PDF. */
@Component
public class DocumentRendering {

    private final TemplateEngine engine;
    private final MergeData mergeData;
    private final PdfRenderer pdf;

    DocumentRendering(TemplateEngine engine, MergeData mergeData, PdfRenderer pdf) {
        this.engine = engine;
        this.mergeData = mergeData;
        this.pdf = pdf;
    }

    public String html(TemplateContent template, Deal deal, Pipeline pipeline, DocumentFacts facts) {
        String body = engine.render(template.body(), mergeData.of(deal, pipeline, facts, template.javaLocale()));
        return PdfRenderer.page(facts.name() + " " + facts.number(), template.css(), body);
    }

    public byte[] pdf(String html) {
        return pdf.render(html);
    }
}
