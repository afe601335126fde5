package pw.fullstack.ephemeral.deploy.images;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The modules of {@code mvn help:effective-pom} output: each one's properties and dependencies, as Maven resolved them. */
record EffectivePom(Map<String, Module> modulesByArtifactId) {

    record Module(String artifactId, String version, Map<String, String> properties, List<String> dependencies) {
    }

    Module module(String artifactId) {
        Module module = modulesByArtifactId.get(artifactId);
        if (module == null) {
            throw new IllegalArgumentException("no module " + artifactId + " in the effective pom; modules: " + modulesByArtifactId.keySet());
        }
        return module;
    }

    static EffectivePom read(Path file) {
        try {
            Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
            List<Element> projects = root.getTagName().equals("projects") ? children(root, "project") : List.of(root);
            Map<String, Module> modules = new LinkedHashMap<>();
            for (Element project : projects) {
                Module module = new Module(text(project, "artifactId"), text(project, "version"), properties(project), dependencies(project));
                modules.put(module.artifactId(), module);
            }
            return new EffectivePom(modules);
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("unreadable effective pom " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> properties(Element project) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Element block : children(project, "properties")) {
            for (Node node = block.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element property) {
                    properties.put(property.getTagName(), property.getTextContent().trim());
                }
            }
        }
        return properties;
    }

    /** groupId:artifactId of every dependency the module itself has (not the ones it only manages). */
    private static List<String> dependencies(Element project) {
        List<String> dependencies = new ArrayList<>();
        for (Element block : children(project, "dependencies")) {
            for (Element dependency : children(block, "dependency")) {
                dependencies.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
            }
        }
        return dependencies;
    }

    private static String text(Element parent, String childTag) {
        return children(parent, childTag).stream().findFirst().map(e -> e.getTextContent().trim()).orElse("");
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(tag)) {
                found.add(element);
            }
        }
        return found;
    }
}
